// Doing: gather what the review decision needs (approval verdict, base-branch owners, the app's
// own earlier reviews), decide (review/decide.ts), then dismiss and post.
import type { ResourceChange } from '../diff/types.js';
import type { NetworkFacts } from '../checks/policy/data.js';
import { parseNetworkFile } from '../model/networkFile.js';
import type { CheckResult } from '../pipeline/types.js';
import type { OnChainPlan } from '../plan/types.js';
import { NETWORKS_DIR, readTreeFile } from '../repo/tree.js';
import { MAX_YAML_BYTES } from '../yaml/parse.js';
import { decideReview, readOwners, type NetworkOwners } from '../review/index.js';
import type { PullRequestTarget, RunContext } from './prRun.js';
import { redactKeyMaterial } from './redact.js';

export type ApprovalDecider = (changes: readonly ResourceChange[], networks: readonly NetworkFacts[], plan: readonly OnChainPlan[]) => Promise<{ lowRisk: boolean; reasons: string[] }>;

const REVIEW_EVENTS = { approve: 'APPROVE', 'request-changes': 'REQUEST_CHANGES', comment: 'COMMENT' } as const;

/** network.yaml of the changed networks at the BASE commit: a pull request cannot widen its own allowances. */
async function baseNetworkFacts(baseDir: string, names: readonly string[]): Promise<NetworkFacts[]> {
  const facts: NetworkFacts[] = [];
  for (const name of names) {
    const file = `${NETWORKS_DIR}/${name}/network.yaml`;
    const read = await readTreeFile(baseDir, file, MAX_YAML_BYTES);
    if (!read.ok) continue;
    const { spec } = parseNetworkFile(file, read.content, name);
    if (spec) facts.push({ name, file, data: spec });
  }
  return facts;
}

async function verdict(ctx: RunContext, target: PullRequestTarget, result: CheckResult, baseDir: string, networks: readonly string[]): Promise<{ lowRisk: boolean; reasons: string[] }> {
  const changes = result.diff ?? [];
  const botAuthored = target.author.type === 'Bot' || target.author.login === ctx.appLogin;
  // The verdict costs a conftest run; skip it when no approval could follow anyway.
  if (!result.ok || changes.length === 0 || botAuthored || !ctx.config.approvals.enabled) {
    return { lowRisk: false, reasons: changes.length === 0 ? ['no rendered resource changes'] : [] };
  }
  return ctx.deps.decideApproval(changes, await baseNetworkFacts(baseDir, networks), result.plan ?? []);
}

export async function publishReview(ctx: RunContext, target: PullRequestTarget, result: CheckResult, baseDir: string): Promise<void> {
  const ref = { owner: target.owner, repo: target.repo, pull_number: target.number };
  const networks = [...new Set([...result.networks.map((n) => n.name), ...(result.plan ?? []).map((p) => p.network)])].sort();
  const [approval, owners, reviews] = await Promise.all([
    verdict(ctx, target, result, baseDir, networks),
    readOwners(baseDir, networks).catch((error: unknown): NetworkOwners[] => {
      ctx.log.warn(`owners could not be read at the base commit: ${(error as Error).message}`);
      return networks.map((network) => ({ network, owners: [] }));
    }),
    ctx.github.paginate(ctx.github.rest.pulls.listReviews, { ...ref, per_page: 100 }),
  ]);
  const decision = decideReview({
    result,
    lowRisk: approval.lowRisk,
    reasons: approval.reasons,
    prAuthor: target.author,
    appLogin: ctx.appLogin,
    owners,
    existingBotReviews: reviews.filter((r) => r.user?.login === ctx.appLogin).map((r) => ({ id: r.id, state: r.state, commit_id: r.commit_id ?? null, body: r.body })),
    headSha: target.headSha,
    approvalsEnabled: ctx.config.approvals.enabled,
  });
  for (const id of decision.dismiss) {
    await ctx.github.rest.pulls.dismissReview({ ...ref, review_id: id, message: redactKeyMaterial(decision.dismissMessage).text });
  }
  if (decision.action === 'none') return;
  await ctx.github.rest.pulls.createReview({ ...ref, commit_id: target.headSha, event: REVIEW_EVENTS[decision.action], body: redactKeyMaterial(decision.body).text });
  ctx.log.info(`pull request #${target.number}: review ${decision.action} at ${target.headSha.slice(0, 7)}`);
}
