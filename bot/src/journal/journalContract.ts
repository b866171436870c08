// The contract every journal store keeps, as a test suite a store's test file calls with a
// factory. Not a test file itself: the file and ConfigMap stores run it in their own projects.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OnChainPlan, OnChainStep } from '../plan/types.js';
import { stepId } from '../plan/types.js';
import { entryId } from './entries.js';
import type { JournalEntry } from './types.js';
import type { VersionedJournal } from './versioned.js';

export interface JournalPair {
  /** Two independent handles on the same store, as two bot processes would hold. */
  a: VersionedJournal;
  b: VersionedJournal;
}

export function validatorStep(network: string, pod: string): OnChainStep {
  return {
    kind: 'register-validator',
    node: {
      network,
      group: pod.slice(0, pod.lastIndexOf('-')),
      pod,
      role: 'validator',
      keys: { secret: `${network}-seed`, secretKey: 'seed', keyPath: `//${pod}//{type}//g{generation}`, accountPath: `//${pod}//stash`, keyTypes: [{ type: 'gran', scheme: 'ed25519' }], generation: 1 },
    },
  };
}

export function planOf(network: string, pods: string[]): OnChainPlan {
  return { network, steps: pods.map((pod) => validatorStep(network, pod)), notes: [] };
}

function uniqueNetwork(): string {
  return `net-${randomUUID().slice(0, 8)}`;
}

function commit(n: number): string {
  return n.toString(16).padStart(40, '0');
}

export function journalContract(store: string, open: () => JournalPair): void {
  describe(`journal contract: ${store}`, () => {
    it('records a plan with every step planned, waiting for the sync', async () => {
      const { a, b } = open();
      const network = uniqueNetwork();
      const plan = planOf(network, ['val-0', 'val-1']);
      const recorded = await a.record({ id: entryId(network, commit(1)), network, commit: commit(1), sequence: 1, pullRequest: 7, plan });
      expect(recorded.status).toBe('waiting-for-sync');
      expect(recorded.steps).toEqual({ [stepId(plan.steps[0]!)]: { state: 'planned' }, [stepId(plan.steps[1]!)]: { state: 'planned' } });
      expect(await b.get(recorded.id)).toEqual(recorded);
      expect(await b.get(entryId(network, commit(2)))).toBeUndefined();
    });

    it('returns the first record on a redelivery, also when two processes record at once', async () => {
      const { a, b } = open();
      const network = uniqueNetwork();
      const id = entryId(network, commit(3));
      const [first, second] = await Promise.all([
        a.record({ id, network, commit: commit(3), sequence: 1, plan: planOf(network, ['val-0']) }),
        b.record({ id, network, commit: commit(3), sequence: 2, plan: planOf(network, ['val-0', 'val-1']) }),
      ]);
      expect(second).toEqual(first);
      const again = await a.record({ id, network, commit: commit(3), sequence: 9, plan: planOf(network, []) });
      expect(again).toEqual(first);
      expect((await a.list()).filter((e) => e.network === network)).toHaveLength(1);
    });

    it('lets one of two writers that read the same version win; the other must read again', async () => {
      const { a, b } = open();
      const network = uniqueNetwork();
      const id = entryId(network, commit(4));
      const plan = planOf(network, ['val-0', 'val-1']);
      await a.record({ id, network, commit: commit(4), sequence: 1, plan });
      const [readA, readB] = [await a.read(id), await b.read(id)];
      const [s0, s1] = plan.steps.map(stepId) as [string, string];
      const at = '2026-01-01T00:00:00.000Z';
      expect(await a.compareAndSet(id, readA!.version, { ...readA!.entry, steps: { ...readA!.entry.steps, [s0]: { state: 'skipped', note: 'a', at } } })).toBe(true);
      expect(await b.compareAndSet(id, readB!.version, { ...readB!.entry, steps: { ...readB!.entry.steps, [s1]: { state: 'skipped', note: 'b', at } } })).toBe(false);
      // `update` is that retry: B's change lands on top of A's.
      await b.update(id, (e) => ({ ...e, steps: { ...e.steps, [s1]: { state: 'skipped', note: 'b', at } } }));
      expect((await a.get(id))!.steps).toEqual({ [s0]: { state: 'skipped', note: 'a', at }, [s1]: { state: 'skipped', note: 'b', at } });
    });

    it('loses no change when two processes update the same entry concurrently', async () => {
      const { a, b } = open();
      const network = uniqueNetwork();
      const id = entryId(network, commit(5));
      const pods = Array.from({ length: 8 }, (_, i) => `val-${i}`);
      const plan = planOf(network, pods);
      await a.record({ id, network, commit: commit(5), sequence: 1, plan });
      const at = '2026-01-01T00:00:00.000Z';
      await Promise.all(
        plan.steps.map((step, i) =>
          (i % 2 ? a : b).update(id, (e) => ({ ...e, steps: { ...e.steps, [stepId(step)]: { state: 'failed', reason: `writer ${i % 2}`, at } } })),
        ),
      );
      const final = (await a.get(id))!;
      expect(Object.values(final.steps).map((s) => s.state)).toEqual(pods.map(() => 'failed'));
    });

    it('lists unfinished entries in merge order, leaving out done and failed ones', async () => {
      const { a, b } = open();
      const network = uniqueNetwork();
      const record = (sequence: number, status: JournalEntry['status']) =>
        a.record({ id: entryId(network, commit(100 + sequence)), network, commit: commit(100 + sequence), sequence, plan: planOf(network, []), status });
      await record(3, 'executing');
      await record(1, 'done');
      await record(4, 'failed');
      await record(2, 'waiting-for-sync');
      const unfinished = (await b.unfinished()).filter((e) => e.network === network);
      expect(unfinished.map((e) => [e.sequence, e.status])).toEqual([
        [2, 'waiting-for-sync'],
        [3, 'executing'],
      ]);
    });

    it('refuses to update an entry that was never recorded', async () => {
      const { a } = open();
      await expect(a.update(entryId(uniqueNetwork(), commit(6)), (e) => e)).rejects.toThrow(/record it before updating/);
    });
  });
}
