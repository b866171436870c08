import { mkdir, mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withDirLock } from './dirLock.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dirlock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('withDirLock', () => {
  it('runs one holder at a time and releases the lock afterwards', async () => {
    const lock = join(dir, 'lock');
    const order: string[] = [];
    let releaseFirst: () => void = () => {};
    const first = withDirLock(lock, { staleMs: 60_000, waitMs: 10_000, pollMs: 10 }, async () => {
      order.push('first:start');
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      order.push('first:end');
      return 1;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const second = withDirLock(lock, { staleMs: 60_000, waitMs: 10_000, pollMs: 10 }, async () => {
      order.push('second');
      return 2;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(order).toEqual(['first:start']);
    releaseFirst();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(order).toEqual(['first:start', 'first:end', 'second']);
  });

  it('stops waiting when the other holder already produced the result', async () => {
    const lock = join(dir, 'lock');
    await mkdir(lock);
    let ran = false;
    const result = await withDirLock(lock, { staleMs: 60_000, waitMs: 10_000, pollMs: 10, done: async () => true }, async () => {
      ran = true;
    });
    expect(result).toBeUndefined();
    expect(ran).toBe(false);
  });

  it('takes over a lock left behind by a dead process', async () => {
    const lock = join(dir, 'lock');
    await mkdir(lock);
    const old = new Date(Date.now() - 3_600_000);
    await utimes(lock, old, old);
    expect(await withDirLock(lock, { staleMs: 60_000, waitMs: 1_000, pollMs: 10 }, async () => 'ran')).toBe('ran');
  });

  it('gives up after waitMs with the path to clean up', async () => {
    const lock = join(dir, 'lock');
    await mkdir(lock);
    await expect(withDirLock(lock, { staleMs: 60_000, waitMs: 50, pollMs: 10 }, async () => 'never')).rejects.toThrow(lock);
  });
});
