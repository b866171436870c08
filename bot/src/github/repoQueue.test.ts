import { describe, expect, it } from 'vitest';
import { RepoQueue } from './repoQueue.js';

/** Work that finishes when the test says so, recording that it started. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  return { work: async () => (log.push(name), await done, name), open };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('RepoQueue', () => {
  it('runs at most the limit per repository, in order, while other repositories go on', async () => {
    const queue = new RepoQueue(2);
    const started: string[] = [];
    const a = ['a1', 'a2', 'a3', 'a4'].map((n) => gate(started, n));
    const b = gate(started, 'b1');
    const runs = a.map((g, i) => queue.run('acme/a', `pr-${i}`, g.work));
    const other = queue.run('acme/b', 'pr-1', b.work);
    await tick();
    expect(started).toEqual(['a1', 'a2', 'b1']);
    expect(queue.waitingFor('acme/a')).toBe(2);
    a[0]!.open();
    await runs[0];
    await tick();
    expect(started).toEqual(['a1', 'a2', 'b1', 'a3']);
    // The freed place went to the next in line; a new run waits behind it.
    const late = gate(started, 'a5');
    const lateRun = queue.run('acme/a', 'pr-9', late.work);
    await tick();
    expect(started).toEqual(['a1', 'a2', 'b1', 'a3']);
    for (const g of [...a, b, late]) g.open();
    expect((await Promise.all([...runs, other, lateRun])).map((r) => (r.ran ? r.value : r.reason))).toEqual(['a1', 'a2', 'a3', 'a4', 'b1', 'a5']);
  });

  it('a waiting run is superseded by a newer one for the same pull request', async () => {
    const queue = new RepoQueue(1);
    const started: string[] = [];
    const first = gate(started, 'first');
    const older = gate(started, 'older');
    const newer = gate(started, 'newer');
    const r1 = queue.run('acme/a', 'pr-1:check', first.work);
    const r2 = queue.run('acme/a', 'pr-2:check', older.work);
    const r3 = queue.run('acme/a', 'pr-2:check', newer.work);
    expect(await r2).toEqual({ ran: false, reason: 'superseded' });
    first.open();
    newer.open();
    expect(await r1).toEqual({ ran: true, value: 'first' });
    expect(await r3).toEqual({ ran: true, value: 'newer' });
    expect(started).toEqual(['first', 'newer']);
  });
});
