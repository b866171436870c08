import type { ResourceChange } from '../diff/types.js';
import type { Finding } from '../findings.js';
import type { OnChainPlan } from '../plan/types.js';

export interface NetworkSummary {
  name: string;
  source: string;
  /** Rendered without error. */
  rendered: boolean;
  resources: number;
  groups: { name: string; role: string; replicas: number }[];
}

export interface CheckResult {
  ok: boolean;
  /** Folders checked (networks and clusters), repo-relative. */
  folders: string[];
  networks: NetworkSummary[];
  findings: Finding[];
  /** Present when a base was given. */
  diff?: ResourceChange[];
  plan?: OnChainPlan[];
  /** Wall time per stage, milliseconds (for benchmarks and the report footer). */
  timings: Record<string, number>;
}
