// The Probot app: events in, report out. No decisions here: handlers find the pull request,
// return early (with a logged reason) when the event is irrelevant, and hand over to prRun.
// This module and everything it imports stay offline: no cluster and no chain client, so a
// pull request (from a fork or not) can never reach either.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context, Probot } from 'probot';
import { decideApproval } from '../checks/policy/index.js';
import { runChecks } from '../pipeline/runChecks.js';
import { planBlock } from '../report/markdown.js';
import { CONFIG_FILE } from '../config.js';
import { parseCommand } from './commands.js';
import { CheckRunSet } from './checkRunSet.js';
import type { GitHubClient } from './client.js';
import { DeliveryLog } from './deliveries.js';
import { checkPullRequest, failureReason, runPullRequest, type PullRequestTarget, type RunCollaborators, type RunContext } from './prRun.js';
import { redactKeyMaterial } from './redact.js';
import { RepoQueue } from './repoQueue.js';
import { readRepoConfig } from './repoConfig.js';
import { skipReason, targetFromPull, type PullLike } from './targets.js';
import { fetchTreeFromTarball } from './trees.js';

export interface AppDeps extends Partial<RunCollaborators> {
  /** Remembered delivery ids (default: 10,000 in memory). */
  deliveries?: DeliveryLog;
  /** Runs per repository at once (default: 2 at a time, a newer run for the same pull request supersedes a waiting one). */
  queue?: RepoQueue;
}

type AnyContext = Context<'pull_request' | 'check_suite' | 'check_run' | 'issue_comment'>;

export default function substrateGitopsApp(app: Probot, deps: AppDeps = {}): void {
  const collaborators: RunCollaborators = {
    fetchTree: deps.fetchTree ?? fetchTreeFromTarball,
    runChecks: deps.runChecks ?? runChecks,
    decideApproval: deps.decideApproval ?? ((changes, networks, plan) => decideApproval(changes, networks, plan)),
    now: deps.now ?? (() => new Date()),
    ...(deps.workRoot ? { workRoot: deps.workRoot } : {}),
  };
  const deliveries = deps.deliveries ?? new DeliveryLog();
  const queue = deps.queue ?? new RepoQueue();
  /** Heavy work (trees, kustomize, tools) of one pull request, in its repository's queue. */
  const queued = async (ctx: RunContext, target: PullRequestTarget, kind: 'check' | 'plan', work: () => Promise<unknown>): Promise<void> => {
    const outcome = await queue.run(`${target.owner}/${target.repo}`, `${target.number}:${kind}`, work);
    if (!outcome.ran) ctx.log.info(`pull request #${target.number}: a newer ${kind} run replaced the one for ${target.headSha.slice(0, 7)} while it waited`);
  };
  let login: Promise<string> | undefined;

  /** The app's own login (`<slug>[bot]`): how it recognises its comments and reviews. */
  const appLogin = (): Promise<string> => {
    login ??= app
      .auth()
      .then((octokit) => octokit.rest.apps.getAuthenticated())
      .then((response) => `${response.data?.slug ?? 'substrate-gitops'}[bot]`);
    login.catch(() => (login = undefined));
    return login;
  };

  const firstDelivery = (context: AnyContext): boolean => {
    if (deliveries.firstTime(context.id)) return true;
    context.log.info(`delivery ${context.id} (${context.name}) was already processed; ignoring the replay`);
    return false;
  };

  const runContext = async (context: AnyContext, target: PullRequestTarget): Promise<RunContext | undefined> => {
    const github = context.octokit as unknown as GitHubClient;
    const log = {
      info: (m: string) => context.log.info(m),
      warn: (m: string) => context.log.warn(m),
      error: (m: string) => context.log.error(m),
    };
    const repository = context.payload.repository;
    const config = await readRepoConfig(github, target.owner, target.repo, target.baseSha);
    const baseBranch = (config.ok ? config.config.baseBranch : undefined) ?? repository.default_branch;
    const skip = skipReason(target, baseBranch);
    if (skip) {
      log.info(`${skip}; nothing to do`);
      return undefined;
    }
    if (!config.ok) {
      // An invalid configuration is the repository's problem to fix: say it on the pull request.
      const runs = await CheckRunSet.start(github, { owner: target.owner, repo: target.repo }, target.headSha, collaborators.now, `pr-${target.number}`);
      await runs.failOpen(`${CONFIG_FILE} at the base commit is invalid:\n\n${config.problems.map((p) => `- ${p}`).join('\n')}`, log.error);
      return undefined;
    }
    return { github, log, appLogin: await appLogin(), config: config.config, deps: collaborators };
  };

  const check = async (context: AnyContext, target: PullRequestTarget): Promise<void> => {
    const ctx = await runContext(context, target);
    if (!ctx) return;
    if (target.fork) ctx.log.info(`pull request #${target.number} comes from a fork; checked offline like any other`);
    await queued(ctx, target, 'check', () => runPullRequest(ctx, target));
  };

  const pullFromApi = async (context: AnyContext, owner: string, repo: string, number: number): Promise<{ target: PullRequestTarget; state: string }> => {
    const { data } = await context.octokit.rest.pulls.get({ owner, repo, pull_number: number });
    return { target: targetFromPull(data as PullLike, owner, repo), state: data.state };
  };

  app.on(['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.ready_for_review'], async (context) => {
    if (!firstDelivery(context)) return;
    const { owner, repo } = context.repo();
    const pull = context.payload.pull_request;
    if (pull.state !== 'open') return void context.log.info(`pull request #${pull.number} is ${pull.state}; nothing to do`);
    await check(context, targetFromPull(pull as PullLike, owner, repo));
  });

  app.on(['check_suite.rerequested', 'check_run.rerequested'], async (context) => {
    if (!firstDelivery(context)) return;
    const { owner, repo } = context.repo();
    const pulls = 'check_run' in context.payload ? context.payload.check_run.pull_requests : context.payload.check_suite.pull_requests;
    if (!pulls || pulls.length === 0) return void context.log.info('re-run requested for a commit that belongs to no pull request of this repository; nothing to do');
    for (const p of pulls) {
      const { target, state } = await pullFromApi(context, owner, repo, p.number);
      if (state !== 'open') {
        context.log.info(`pull request #${p.number} is ${state}; nothing to do`);
        continue;
      }
      await check(context, target);
    }
  });

  app.on('issue_comment.created', async (context) => {
    if (!firstDelivery(context)) return;
    const { issue, comment } = context.payload;
    if (!issue.pull_request) return void context.log.info(`comment on issue #${issue.number}, not a pull request; nothing to do`);
    if (comment.user?.type === 'Bot') return void context.log.info(`comment by ${comment.user.login} (a bot); commands are taken from people only`);
    const command = parseCommand(comment.body ?? '');
    if (!command) return;
    const { owner, repo } = context.repo();
    const { target, state } = await pullFromApi(context, owner, repo, issue.number);
    if (state !== 'open') return void context.log.info(`pull request #${issue.number} is ${state}; /${command} ignored`);
    if (command === 'check') return check(context, target);
    await postPlan(context, target);
  });

  /** `/plan`: the on-chain plan the merge would trigger, as a fresh comment at the bottom. */
  const postPlan = async (context: AnyContext, target: PullRequestTarget): Promise<void> => {
    const ctx = await runContext(context, target);
    if (!ctx) return;
    await queued(ctx, target, 'plan', async () => {
      const work = await mkdtemp(join(collaborators.workRoot ?? tmpdir(), 'sg-plan-'));
      let body: string;
      try {
        const { result } = await checkPullRequest(ctx, target, work);
        body = [`On-chain plan for commit ${target.headSha}:`, '', planBlock(result) ?? 'No plan: the base could not be compared.'].join('\n');
      } catch (error) {
        body = `The plan for commit ${target.headSha} could not be computed: ${failureReason(error)}`;
      } finally {
        await rm(work, { recursive: true, force: true });
      }
      await ctx.github.rest.issues.createComment({ owner: target.owner, repo: target.repo, issue_number: target.number, body: redactKeyMaterial(body).text });
    });
  };
}
