// Leader election as a decision: given the lease as read and the candidate's clock, may the
// candidate hold it? Both stores (a coordination.k8s.io Lease, a file) use this one rule.

export interface LeaseRecord {
  holder?: string;
  /** Milliseconds since the epoch of the holder's last renewal. */
  renewedAtMs?: number;
  durationSeconds: number;
  transitions: number;
}

export type LeaseVerdict =
  /** Held by this candidate: renew it. */
  | 'ours'
  /** Nobody holds it (never taken, or released): take it. */
  | 'free'
  /** The holder stopped renewing: take it over. */
  | 'expired'
  /** Someone else holds it and renews it: stay a follower. */
  | 'held';

export function leaseVerdict(record: LeaseRecord, identity: string, nowMs: number): LeaseVerdict {
  if (!record.holder) return 'free';
  if (record.holder === identity) return 'ours';
  if (record.renewedAtMs === undefined || record.renewedAtMs + record.durationSeconds * 1000 < nowMs) return 'expired';
  return 'held';
}

/** The record after this candidate acquires or renews. */
export function claimed(record: LeaseRecord | undefined, identity: string, nowMs: number, durationSeconds: number): LeaseRecord {
  const transitions = record?.transitions ?? 0;
  return { holder: identity, renewedAtMs: nowMs, durationSeconds, transitions: record?.holder === identity ? transitions : transitions + 1 };
}

/** Who may execute: one process at a time, re-checked before every run. */
export interface LeaderLease {
  readonly identity: string;
  /** Take the lease if free or expired, renew it if ours; false when another candidate holds it. */
  acquireOrRenew(): Promise<boolean>;
  /** Give it up (only if ours) so a successor need not wait for it to expire. */
  release(): Promise<void>;
}
