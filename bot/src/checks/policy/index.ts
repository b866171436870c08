// The policy stage (conftest over policies/) and the approval decision.
export { checkPolicy, type PolicyCheckInput } from './check.js';
export { decideApproval, type ApprovalDecision } from './approval.js';
export { verifyPolicies, type PolicyTestReport } from './verify.js';
export { POLICY_DIR, type ConftestOptions } from './conftest.js';
export type { NetworkFacts } from './data.js';
export type { KustomizationFile } from './results.js';
