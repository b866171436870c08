// Leader election on a coordination.k8s.io/v1 Lease in the bot's namespace: holderIdentity
// is the pod name. Every write is a replace at the resourceVersion read, so when two
// candidates race for an expired lease exactly one wins (the other gets 409).
import { CoordinationV1Api, V1MicroTime, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import { EnvironmentError } from '../errors.js';
import { isConflict, isForbidden, isNotFound } from './apiErrors.js';
import { claimed, leaseVerdict, type LeaderLease, type LeaseRecord } from './leaseDecision.js';

export interface KubeLeaseOptions {
  namespace?: string;
  name?: string;
  /** The pod name (HOSTNAME in a pod). */
  identity: string;
  durationSeconds?: number;
  now?: () => number;
}

function toMs(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = new Date(value as string | Date).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

export function recordOf(lease: V1Lease): LeaseRecord {
  const spec = lease.spec ?? {};
  return {
    ...(spec.holderIdentity ? { holder: spec.holderIdentity } : {}),
    ...(toMs(spec.renewTime) !== undefined ? { renewedAtMs: toMs(spec.renewTime)! } : {}),
    durationSeconds: spec.leaseDurationSeconds ?? 15,
    transitions: spec.leaseTransitions ?? 0,
  };
}

/** Read-decide-write rounds before a Lease that keeps changing under us counts as not ours. */
const CONFLICT_ATTEMPTS = 3;

export class KubeLease implements LeaderLease {
  readonly identity: string;
  private readonly api: CoordinationV1Api;
  private readonly namespace: string;
  private readonly name: string;
  private readonly durationSeconds: number;
  private readonly now: () => number;

  constructor(kc: KubeConfig, options: KubeLeaseOptions) {
    this.api = kc.makeApiClient(CoordinationV1Api);
    this.identity = options.identity;
    this.namespace = options.namespace ?? 'substrate-gitops';
    this.name = options.name ?? 'substrate-gitops-bot';
    this.durationSeconds = options.durationSeconds ?? 15;
    this.now = options.now ?? Date.now;
  }

  private denied(error: unknown): never {
    if (isForbidden(error)) {
      throw new EnvironmentError(
        `the bot may not use Lease ${this.namespace}/${this.name} (403 Forbidden)`,
        `grant leases.coordination.k8s.io get, create, update in ${this.namespace} to the bot's ServiceAccount (apps/substrate-gitops-bot/rbac-journal.yaml)`,
        { cause: error },
      );
    }
    throw error;
  }

  private spec(record: LeaseRecord, previous: V1Lease['spec'], acquired: boolean): V1Lease['spec'] {
    const now = new V1MicroTime(record.renewedAtMs!);
    return {
      holderIdentity: record.holder!,
      leaseDurationSeconds: record.durationSeconds,
      leaseTransitions: record.transitions,
      renewTime: now,
      acquireTime: acquired ? now : (previous?.acquireTime ?? now),
    };
  }

  async acquireOrRenew(): Promise<boolean> {
    // A conflict means the Lease changed between read and write — often this very candidate
    // renewing it from another task (the lease keeper and a run both ask). Decide again on
    // the fresh copy rather than report "not the leader".
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.tryAcquireOrRenew();
      if (outcome !== 'conflict') return outcome;
      if (attempt === CONFLICT_ATTEMPTS) return false;
    }
  }

  private async tryAcquireOrRenew(): Promise<boolean | 'conflict'> {
    let lease: V1Lease | undefined;
    try {
      lease = await this.api.readNamespacedLease({ namespace: this.namespace, name: this.name });
    } catch (error) {
      if (!isNotFound(error)) this.denied(error);
    }
    const nowMs = this.now();
    if (!lease) {
      const record = claimed(undefined, this.identity, nowMs, this.durationSeconds);
      try {
        await this.api.createNamespacedLease({ namespace: this.namespace, body: { metadata: { name: this.name, namespace: this.namespace }, spec: this.spec(record, undefined, true) } });
        return true;
      } catch (error) {
        if (isConflict(error)) return 'conflict';
        return this.denied(error);
      }
    }
    const current = recordOf(lease);
    const verdict = leaseVerdict(current, this.identity, nowMs);
    if (verdict === 'held') return false;
    const record = claimed(current, this.identity, nowMs, this.durationSeconds);
    try {
      await this.api.replaceNamespacedLease({ namespace: this.namespace, name: this.name, body: { ...lease, spec: this.spec(record, lease.spec, verdict !== 'ours') } });
      return true;
    } catch (error) {
      if (isConflict(error)) return 'conflict';
      return this.denied(error);
    }
  }

  async release(): Promise<void> {
    let lease: V1Lease;
    try {
      lease = await this.api.readNamespacedLease({ namespace: this.namespace, name: this.name });
    } catch (error) {
      if (isNotFound(error)) return;
      return this.denied(error);
    }
    if (lease.spec?.holderIdentity !== this.identity) return;
    const { holderIdentity: _released, ...rest } = lease.spec;
    try {
      // The bot may not delete Leases: releasing clears the holder.
      await this.api.replaceNamespacedLease({ namespace: this.namespace, name: this.name, body: { ...lease, spec: rest } });
    } catch (error) {
      if (isConflict(error)) return;
      this.denied(error);
    }
  }
}
