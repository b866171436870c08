// The journal makes every on-chain step idempotent across redeliveries, replicas and
// restarts: a plan is recorded before anything is submitted, and each step moves
// planned → submitted(hash) → included(block) | failed(reason) | skipped(note). A step
// re-signed with the same nonce after a restart keeps the earlier hashes: any may land.
// It never holds a seed or a derived secret key.
import type { OnChainPlan } from '../plan/types.js';

export type StepState =
  | { state: 'planned' }
  | { state: 'submitted'; extrinsicHash: string; nonce: number; signer: string; at: string; earlierHashes?: string[] }
  | { state: 'included'; extrinsicHash: string; blockHash: string; blockNumber: number; at: string }
  | { state: 'failed'; reason: string; at: string }
  | { state: 'skipped'; note: string; at: string };

export interface JournalEntry {
  /** `<network>@<merge commit sha>`: one entry per network and merge. */
  id: string;
  network: string;
  commit: string;
  /** Merge order within the network (lower runs first). */
  sequence: number;
  pullRequest?: number;
  plan: OnChainPlan;
  /** By `stepId(step)`. */
  steps: Record<string, StepState>;
  status: 'waiting-for-sync' | 'executing' | 'done' | 'failed';
  reason?: string;
  /** Id of the report comment on the pull request, once posted. */
  commentId?: number;
}

export interface Journal {
  /** Record a plan before acting; returns the existing entry when it was recorded already (redelivery). */
  record(entry: Omit<JournalEntry, 'steps' | 'status'> & Partial<Pick<JournalEntry, 'steps' | 'status'>>): Promise<JournalEntry>;
  get(id: string): Promise<JournalEntry | undefined>;
  /** Compare-and-set: fails (returns false) when the entry changed since `expected` was read. */
  update(id: string, change: (entry: JournalEntry) => JournalEntry): Promise<JournalEntry>;
  /** Entries not yet done or failed, in merge order: what a restarted bot must finish. */
  unfinished(): Promise<JournalEntry[]>;
}
