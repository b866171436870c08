// Deciding the pull request review (pure): checks, approval verdict, author and owners in;
// one review action and the bot's own reviews to dismiss out.
import type { CheckResult } from '../pipeline/types.js';
import { location } from '../report/summary.js';
import type { NetworkOwners } from './owners.js';

export interface ExistingReview {
  id: number;
  state: string;
  commit_id: string | null;
  body?: string;
}

export interface ReviewInput {
  result: CheckResult;
  lowRisk: boolean;
  reasons: readonly string[];
  prAuthor: { login: string; type: string };
  /** The app's own login, e.g. `substrate-gitops[bot]`. */
  appLogin: string;
  owners: readonly NetworkOwners[];
  /** Reviews on this pull request written by the app itself. */
  existingBotReviews: readonly ExistingReview[];
  headSha: string;
  /** Repository configuration `approvals.enabled`. */
  approvalsEnabled?: boolean;
}

export type ReviewAction = 'approve' | 'request-changes' | 'comment' | 'none';

export interface ReviewDecision {
  action: ReviewAction;
  body: string;
  /** The app's own earlier reviews to dismiss, with the message to dismiss them with. */
  dismiss: number[];
  dismissMessage: string;
}

function ownersLine(owners: readonly NetworkOwners[]): string {
  if (owners.length === 0) return 'a maintainer with write access must review it.';
  const parts = owners.map((o) => (o.owners.length > 0 ? `**${o.network}**: ${o.owners.map((x) => (x.includes('/') ? x : `@${x}`)).join(', ')}` : `**${o.network}**: no OWNERS file at the base branch, so a maintainer with write access`));
  return `an owner must approve: ${parts.join('; ')}.`;
}

export function decideReview(input: ReviewInput): ReviewDecision {
  const { result, headSha } = input;
  const mine = input.existingBotReviews;
  const keyErrors = result.findings.filter((f) => f.check === 'keys' && f.severity === 'error');
  const botAuthored = input.prAuthor.type === 'Bot' || input.prAuthor.login === input.appLogin;
  const short = headSha.slice(0, 7);

  const staleApprovals = (keep: (r: ExistingReview) => boolean) => mine.filter((r) => r.state === 'APPROVED' && !keep(r)).map((r) => r.id);
  const changesRequested = mine.filter((r) => r.state === 'CHANGES_REQUESTED');

  if (keyErrors.length > 0) {
    const already = changesRequested.some((r) => r.commit_id === headSha);
    const body = [
      `Key material found in commit ${headSha}. It must not be merged: remove it from the branch history and rotate the keys.`,
      '',
      ...keyErrors.map((f) => `- \`${location(f)}\`: ${f.message} (\`${f.rule}\`)`),
    ].join('\n');
    return { action: already ? 'none' : 'request-changes', body, dismiss: staleApprovals(() => false), dismissMessage: `Commit ${short} adds key material; this approval no longer holds.` };
  }

  // Key hygiene is fixed: the bot's own "changes requested" must not block the pull request.
  const lifted = changesRequested.map((r) => r.id);
  const approvable = result.ok && input.lowRisk && (input.approvalsEnabled ?? true) && !botAuthored;

  if (approvable) {
    const already = mine.some((r) => r.state === 'APPROVED' && r.commit_id === headSha);
    const body = [`All checks passed on commit ${headSha} and the change is low-risk by policies/approval/low_risk.rego:`, '', ...input.reasons.map((r) => `- ${r}`)].join('\n');
    return { action: already ? 'none' : 'approve', body, dismiss: lifted, dismissMessage: `Commit ${short} no longer contains key material.` };
  }

  const why: string[] = [];
  if (!result.ok) why.push(`checks failed on commit ${headSha}; see the check runs.`);
  else if (botAuthored) why.push(`this pull request was opened by a bot (${input.prAuthor.login}); the app never approves a bot's pull request.`);
  else if (!(input.approvalsEnabled ?? true)) why.push('automatic approval is disabled in .github/substrate-gitops.yml.');
  else if (!input.lowRisk) why.push(`commit ${headSha} is not low-risk:`, ...input.reasons.map((r) => `  - ${r}`));
  const body = [`Not approved automatically: ${why[0]}`, ...why.slice(1), '', `Before merging, ${ownersLine(input.owners)}`].join('\n');
  const previousComment = [...mine].reverse().find((r) => r.state === 'COMMENTED');
  const action: ReviewAction = result.ok && previousComment?.body !== body ? 'comment' : 'none';
  return {
    action,
    body,
    dismiss: [...staleApprovals(() => false), ...lifted],
    dismissMessage: `Superseded by the check of commit ${short}: ${why[0]}`,
  };
}
