// Doing: ask the `approval` Rego package whether a merged change set is low-risk.
// conftest reports only deny/warn results, so approval.verdict exposes the decision
// as one warn result whose metadata carries `low_risk` and `reasons`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResourceChange } from '../../diff/types.js';
import { ToolError } from '../../errors.js';
import { describeStep, isDestructive, type OnChainPlan } from '../../plan/types.js';
import { POLICY_DIR, runConftestJson, type ConftestOptions } from './conftest.js';
import { networksData, type NetworkFacts } from './data.js';

export interface ApprovalDecision {
  lowRisk: boolean;
  reasons: string[];
}

/** The plan as the approval policy sees it: what each step does, and whether it takes something away. */
export function approvalSteps(plan: readonly OnChainPlan[]): { network: string; description: string; destructive: boolean }[] {
  return plan.flatMap((p) => p.steps.map((s) => ({ network: p.network, description: describeStep(s).replaceAll('`', ''), destructive: isDestructive(s) })));
}

export async function decideApproval(
  changes: readonly ResourceChange[],
  networks: readonly NetworkFacts[],
  plan: readonly OnChainPlan[] = [],
  options: ConftestOptions = {},
): Promise<ApprovalDecision> {
  const workDir = await mkdtemp(join(tmpdir(), 'sg-approval-'));
  try {
    await writeFile(join(workDir, 'changes.json'), JSON.stringify({ changes, networks: networksData(networks), steps: approvalSteps(plan) }));
    const output = await runConftestJson(['test', '--policy', options.policyDir ?? POLICY_DIR, '--namespace', 'approval.verdict', 'changes.json'], workDir, options);
    const verdict = output.flatMap((f) => f.warnings ?? []).find((w) => typeof w.metadata?.low_risk === 'boolean');
    if (!verdict?.metadata) throw new ToolError('conftest', 0, '', 'the approval policy returned no verdict (policies/approval/verdict.rego)');
    const reasons = Array.isArray(verdict.metadata.reasons) ? verdict.metadata.reasons.map(String) : [];
    return { lowRisk: verdict.metadata.low_risk === true, reasons };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
