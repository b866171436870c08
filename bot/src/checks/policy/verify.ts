// Doing: run the Rego unit tests (`conftest verify`) over policies/.
import { POLICY_DIR, runConftestJson, type ConftestOptions } from './conftest.js';
import type { ConftestFileResult } from './results.js';

export interface PolicyTestReport {
  passed: number;
  /** `file: test` of every failing Rego test. */
  failed: string[];
}

export async function verifyPolicies(options: ConftestOptions = {}): Promise<PolicyTestReport> {
  const policyDir = options.policyDir ?? POLICY_DIR;
  const output = await runConftestJson(['verify', '--policy', policyDir], policyDir, options);
  const failed = output.flatMap((f: ConftestFileResult) => (f.failures ?? []).map((r) => `${f.filename}: ${String(r.metadata?.query ?? r.msg)}`));
  const passed = output.reduce((n, f) => n + (f.successes ?? 0), 0);
  return { passed, failed };
}
