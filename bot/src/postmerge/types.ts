// The collaborators of the post-merge run, as interfaces: the orchestration decides and
// sequences; these do the I/O. Tests hand in real local ones (a kube-apiserver watch, a
// GitHub stand-in, a loopback RPC server) or, for the chain, a recording executor.
import type { WaitOutcome } from '../cluster/applicationWatch.js';
import type { NodeHealth } from '../cluster/nodeHealth.js';
import type { Journal, JournalEntry } from '../journal/types.js';
import type { OnChainPlan, OnChainStep } from '../plan/types.js';

/** A push to the default branch (a merged pull request or a direct push). */
export interface MergePush {
  before: string;
  after: string;
  /** The pull request it merged, when known (from the API or the merge message). */
  pullRequest?: number;
}

export interface PlannedNetwork {
  plan: OnChainPlan;
  /** The network's RPC endpoint (network.yaml `chain.rpc`) at the merged commit. */
  rpc: string;
}

/** A network the merge touched but the bot will not act on, and why (one line). */
export interface RefusedNetwork {
  network: string;
  reason: string;
}

export interface MergePlan {
  planned: PlannedNetwork[];
  refused: RefusedNetwork[];
}

/** The same pipeline as the pull-request preview, on the trees before and after the push. */
export interface MergePlanner {
  plan(push: MergePush): Promise<MergePlan>;
}

export interface DeploymentWaiter {
  waitForDeployment(network: string, commit: string, options: { timeoutMs: number; signal?: AbortSignal }): Promise<WaitOutcome>;
}

export interface HealthCheck {
  check(network: string, rpc: string): Promise<NodeHealth>;
}

export interface ExecuteRequest {
  entry: JournalEntry;
  /** The executor records each step's state here as it goes (submitted before broadcast). */
  journal: Journal;
  /** Steps an earlier run left `submitted`: find them on chain, never submit them again. */
  resolve: OnChainStep[];
  /** Steps still `planned`: re-read the chain, then submit what is still needed. */
  submit: OnChainStep[];
}

export interface ChainExecutor {
  execute(request: ExecuteRequest): Promise<void>;
}

export type Phase = 'waiting-for-sync' | 'executing' | 'done' | 'failed';

export interface Progress {
  phase: Phase;
  /** Why it waits or failed, in one line. */
  detail?: string;
}

export interface Reporter {
  /** Report the entry's progress; returns the id of the comment it wrote, to update it in place next time. */
  report(entry: JournalEntry, progress: Progress): Promise<{ commentId?: number }>;
  /** Say that a merged network is not acted on (nothing was recorded for it). */
  refused?(push: MergePush, refused: RefusedNetwork): Promise<void>;
}
