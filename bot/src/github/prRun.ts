// One pull-request run, as numbered steps: (1) check runs in_progress, (2) base and head trees,
// (3) changed files, (4) the same pipeline as `npm run check`, (5) check runs completed,
// (6) the sticky comment and its parts, (7) the review. Any failure, or the overall timeout,
// ends every still-open check run as failed saying why.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BotConfig } from '../config.js';
import { ToolError, InputError, EnvironmentError } from '../errors.js';
import type { CheckResult } from '../pipeline/types.js';
import type { CheckInput } from '../pipeline/runChecks.js';
import { renderMarkdownBlocks } from '../report/markdown.js';
import { splitIntoComments } from '../report/split.js';
import { stageOutputs, type FailureKind } from './checkRuns.js';
import { CheckRunSet } from './checkRunSet.js';
import { checkCommitPair } from './commitPair.js';
import type { GitHubClient } from './client.js';
import { syncReportComments } from './comments.js';
import { redactKeyMaterial } from './redact.js';
import { publishReview, type ApprovalDecider } from './review.js';
import type { FetchTree } from './trees.js';

export interface PullRequestTarget {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
  baseSha: string;
  baseRef: string;
  /** The head lives in another repository (a fork). Checked the same way: offline, no cluster or chain. */
  fork: boolean;
  author: { login: string; type: string };
}

export interface RunCollaborators {
  fetchTree: FetchTree;
  runChecks: (input: CheckInput) => Promise<CheckResult>;
  decideApproval: ApprovalDecider;
  now: () => Date;
  /** Where trees are unpacked (a writable emptyDir in the cluster). */
  workRoot?: string;
}

export interface RunContext {
  github: GitHubClient;
  log: { info: (m: string) => void; warn: (m: string) => void; error: (m: string) => void };
  appLogin: string;
  config: BotConfig;
  deps: RunCollaborators;
}

/** What a user should read when a run could not finish: what failed, never a stack or a secret. */
export function failureReason(error: unknown): string {
  if (error instanceof ToolError) return `${error.tool} failed${error.timedOut ? ' (timed out)' : ''}: ${error.message}`;
  if (error instanceof EnvironmentError) return `${error.message}${error.fix ? ` — ${error.fix}` : ''}`;
  if (error instanceof InputError) return error.message;
  const e = error as { status?: number; message?: string; name?: string };
  if (typeof e?.status === 'number') return `GitHub answered ${e.status} and retries did not help: ${e.message ?? ''}`;
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`;
}

/** Whose problem a failed run is: the repository's contents, the bot's machine, or neither. */
export function failureKind(error: unknown): FailureKind {
  if (error instanceof EnvironmentError) return 'environment';
  if (error instanceof InputError) return 'input';
  return 'other';
}

export class RunTimeout extends Error {
  override name = 'RunTimeout';
}

export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RunTimeout(`the run took longer than limits.runTimeoutSeconds (${Math.round(ms / 1000)} s) and was stopped`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** Steps 2–4: fetch both trees, compare, run the pipeline. `work` is removed afterwards by the caller. */
export async function checkPullRequest(ctx: RunContext, target: PullRequestTarget, work: string): Promise<{ result: CheckResult; baseDir: string }> {
  const deps = { github: ctx.github, fetchTree: ctx.deps.fetchTree, runChecks: ctx.deps.runChecks, limits: ctx.config.limits.tarball, warn: ctx.log.warn };
  const { result, baseDir } = await checkCommitPair(deps, { owner: target.owner, repo: target.repo, baseSha: target.baseSha, headSha: target.headSha }, work);
  return { result, baseDir };
}

export async function runPullRequest(ctx: RunContext, target: PullRequestTarget): Promise<CheckResult | undefined> {
  const ref = { owner: target.owner, repo: target.repo };
  const runs = await CheckRunSet.start(ctx.github, ref, target.headSha, ctx.deps.now, `pr-${target.number}`);
  const work = await mkdtemp(join(ctx.deps.workRoot ?? tmpdir(), 'sg-pr-'));
  const pointer = `the substrate-gitops comment on pull request #${target.number}`;
  try {
    return await withTimeout(
      (async () => {
        const { result, baseDir } = await checkPullRequest(ctx, target, work);
        await runs.completeAll(stageOutputs(result, pointer));
        await syncReportComments(ctx.github, { ...ref, issue_number: target.number }, ctx.appLogin, splitIntoComments(renderMarkdownBlocks(result)));
        await publishReview(ctx, target, result, baseDir);
        return result;
      })(),
      ctx.config.limits.runTimeoutSeconds * 1000,
    );
  } catch (error) {
    const reason = redactKeyMaterial(failureReason(error)).text.slice(0, 2_000);
    ctx.log.error(`pull request #${target.number} at ${target.headSha.slice(0, 7)}: ${reason}`);
    await runs.failOpen(reason, ctx.log.error, failureKind(error));
    return undefined;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
