import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileLease } from './fileLease.js';
import { leaseVerdict } from './leaseDecision.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-lease-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('lease verdict', () => {
  it('is free, ours, held or expired', () => {
    expect(leaseVerdict({ durationSeconds: 10, transitions: 0 }, 'a', 0)).toBe('free');
    expect(leaseVerdict({ holder: 'a', renewedAtMs: 0, durationSeconds: 10, transitions: 1 }, 'a', 60_000)).toBe('ours');
    expect(leaseVerdict({ holder: 'b', renewedAtMs: 0, durationSeconds: 10, transitions: 1 }, 'a', 10_000)).toBe('held');
    expect(leaseVerdict({ holder: 'b', renewedAtMs: 0, durationSeconds: 10, transitions: 1 }, 'a', 10_001)).toBe('expired');
  });
});

describe('file lease', () => {
  it('has one leader among two candidates, a takeover after expiry, and a handover on release', async () => {
    let clock = 1_000_000;
    const now = () => clock;
    const a = new FileLease({ dir, identity: 'pod-a', durationSeconds: 10, now });
    const b = new FileLease({ dir, identity: 'pod-b', durationSeconds: 10, now });
    const [wonA, wonB] = await Promise.all([a.acquireOrRenew(), b.acquireOrRenew()]);
    expect([wonA, wonB].filter(Boolean)).toHaveLength(1);
    const [leader, follower] = wonA ? [a, b] : [b, a];
    clock += 5_000;
    expect(await leader.acquireOrRenew()).toBe(true);
    expect(await follower.acquireOrRenew()).toBe(false);
    clock += 10_001;
    expect(await follower.acquireOrRenew()).toBe(true);
    expect(await leader.acquireOrRenew()).toBe(false);
    await leader.release(); // not its lease any more: no effect
    expect(await leader.acquireOrRenew()).toBe(false);
    await follower.release();
    expect(await leader.acquireOrRenew()).toBe(true);
  });
});

describe('lease keeper', () => {
  it('becomes leader, hands over on stop, and the other keeper then leads', async () => {
    const { keepLease } = await import('./leaseKeeper.js');
    const folder = join(dir, 'keeper');
    const changes: string[] = [];
    const first = keepLease(new FileLease({ dir: folder, identity: 'pod-a', durationSeconds: 30 }), { everyMs: 20, onChange: (l) => changes.push(`a ${l}`) });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => first.isLeader() && (clearInterval(poll), resolve()), 5);
    });
    const second = keepLease(new FileLease({ dir: folder, identity: 'pod-b', durationSeconds: 30 }), { everyMs: 20, onChange: (l) => changes.push(`b ${l}`) });
    await first.stop();
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => second.isLeader() && (clearInterval(poll), resolve()), 5);
    });
    await second.stop();
    expect(changes).toEqual(['a true', 'b true']);
  });
});
