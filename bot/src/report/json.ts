import type { CheckResult } from '../pipeline/types.js';

/** The `--format json` contract: `{ ok, networks, findings, diff, plan }` (plus folders and timings). */
export function renderJson(result: CheckResult): string {
  return JSON.stringify(
    {
      ok: result.ok,
      networks: result.networks,
      folders: result.folders,
      findings: result.findings,
      diff: result.diff ?? null,
      plan: result.plan ?? null,
      timings: result.timings,
    },
    null,
    2,
  ) + '\n';
}
