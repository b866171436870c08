// Pure: from the pipeline's result on the merged tree, which networks the bot acts on and
// which it refuses. A network with an error finding at the merged commit is never acted on:
// its checks failed (or were bypassed), so the plan may rest on a tree Argo CD cannot deploy
// as declared. The refusal says what is wrong and what to do; the next merge that fixes it is
// planned against the chain as usual (the executor re-reads it and skips what is done).
import { networksOf, type Finding } from '../findings.js';
import type { CheckResult } from '../pipeline/types.js';
import type { OnChainPlan } from '../plan/types.js';
import type { RefusedNetwork } from './types.js';

function firstLine(text: string): string {
  return text.split('\n', 1)[0]!.trim();
}

function where(finding: Finding): string {
  return finding.line !== undefined ? `${finding.file}:${finding.line}` : finding.file;
}

export function refusalReason(network: string, errors: readonly Finding[], commit: string): string {
  const first = errors[0]!;
  const count = errors.length === 1 ? 'an error' : `${errors.length} errors`;
  return `networks/${network} has ${count} at ${commit.slice(0, 12)} (first: ${where(first)}: ${firstLine(first.message)}); nothing is applied on chain for it: fix it in a new pull request (\`npm run check\` shows every finding)`;
}

export function splitMergeResult(result: Pick<CheckResult, 'findings' | 'plan'>, commit: string): { plans: OnChainPlan[]; refused: RefusedNetwork[] } {
  const errorsBy = new Map<string, Finding[]>();
  for (const finding of result.findings) {
    if (finding.severity !== 'error') continue;
    for (const network of networksOf(finding)) errorsBy.set(network, [...(errorsBy.get(network) ?? []), finding]);
  }
  const refused = [...errorsBy.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([network, errors]) => ({ network, reason: refusalReason(network, errors, commit) }));
  const plans = (result.plan ?? []).filter((p) => !errorsBy.has(p.network) && p.steps.length > 0);
  return { plans, refused };
}
