import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireFileLock, isStale } from './fileLock.js';
import { FileJournal } from './fileJournal.js';
import { journalContract, planOf } from './journalContract.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-journal-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

journalContract('files', () => ({ a: new FileJournal(join(dir, 'shared')), b: new FileJournal(join(dir, 'shared')) }));

describe('file journal on disk', () => {
  it('leaves no temporary files and keeps one readable JSON file per entry', async () => {
    const journal = new FileJournal(join(dir, 'disk'));
    await journal.record({ id: 'rococo@' + 'f'.repeat(40), network: 'rococo', commit: 'f'.repeat(40), sequence: 1, plan: planOf('rococo', ['val-0']) });
    await journal.update('rococo@' + 'f'.repeat(40), (e) => ({ ...e, status: 'executing' }));
    expect(await readdir(join(dir, 'disk'))).toEqual([`rococo%40${'f'.repeat(40)}.json`]);
  });

  it('names the file of a corrupt entry', async () => {
    const folder = join(dir, 'corrupt');
    const journal = new FileJournal(folder);
    await journal.record({ id: 'x@1', network: 'x', commit: '1', sequence: 1, plan: planOf('x', []) });
    await writeFile(join(folder, 'x%401.json'), '{"revision": 1, "entry": ');
    await expect(journal.get('x@1')).rejects.toMatchObject({ name: 'InputError', file: join(folder, 'x%401.json') });
  });
});

describe('file lock', () => {
  it('breaks the lock of a process that no longer exists', async () => {
    const path = join(dir, 'dead.lock');
    // pid 2^22+1 is above Linux's pid_max default, so no process has it.
    await writeFile(path, JSON.stringify({ pid: 4194305, host: (await import('node:os')).hostname(), token: 'gone', at: '2026-01-01T00:00:00Z' }));
    const lock = await acquireFileLock(path, { waitMs: 2_000 });
    await lock.release();
  });

  it('waits for a live holder and names it when giving up', async () => {
    const path = join(dir, 'live.lock');
    const held = await acquireFileLock(path);
    await expect(acquireFileLock(path, { waitMs: 50 })).rejects.toThrow(new RegExp(`held by process ${process.pid}`));
    await held.release();
    const again = await acquireFileLock(path, { waitMs: 50 });
    await again.release();
  });

  it('decides staleness by age, and by a dead process on the same host', () => {
    const here = { host: 'h', alive: (pid: number) => pid === 10 };
    expect(isStale({ pid: 10, host: 'h', token: 't', at: '' }, 5, 1000, here)).toBe(false);
    expect(isStale({ pid: 11, host: 'h', token: 't', at: '' }, 5, 1000, here)).toBe(true);
    expect(isStale({ pid: 11, host: 'other', token: 't', at: '' }, 5, 1000, here)).toBe(false);
    expect(isStale(undefined, 5000, 1000, here)).toBe(true);
  });
});
