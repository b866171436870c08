// Two real processes writing one file journal at once: the lock file and compare-and-set
// must keep every change.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../tools/cache.js';
import { runTool } from '../tools/run.js';
import { execa } from 'execa';
import { acquireFileLock } from './fileLock.js';
import { FileJournal } from './fileJournal.js';
import { planOf } from './journalContract.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-journal-proc-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const WRITES = 25;

describe('file journal across processes', () => {
  it('loses no update when two processes write the same entry', async () => {
    const folder = join(dir, 'journal');
    const id = `rococo@${'a'.repeat(40)}`;
    await new FileJournal(folder).record({ id, network: 'rococo', commit: 'a'.repeat(40), sequence: 1, plan: planOf('rococo', []) });
    const worker = join(dir, 'worker.mts');
    await writeFile(
      worker,
      [
        `import { FileJournal } from ${JSON.stringify(join(REPO_ROOT, 'bot/src/journal/fileJournal.ts'))};`,
        `const journal = new FileJournal(process.argv[2]);`,
        `for (let i = 0; i < ${WRITES}; i++) {`,
        `  await journal.update(process.argv[3], (e) => ({ ...e, steps: { ...e.steps, [\`\${process.argv[4]}-\${i}\`]: { state: 'skipped', note: 'x', at: 'now' } } }));`,
        `}`,
        '',
      ].join('\n'),
    );
    const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
    await Promise.all(['one', 'two'].map((name) => runTool('tsx', tsx, [worker, folder, id, name], { timeoutMs: 120_000 })));
    const steps = Object.keys((await new FileJournal(folder).get(id))!.steps);
    expect(steps).toHaveLength(2 * WRITES);
  });
});

describe('file lock across processes', () => {
  it('is taken over at once when its holder was killed with SIGKILL', async () => {
    const lockPath = join(dir, 'killed.lock');
    const worker = join(dir, 'holder.mts');
    await writeFile(
      worker,
      [
        `import { acquireFileLock } from ${JSON.stringify(join(REPO_ROOT, 'bot/src/journal/fileLock.ts'))};`,
        `await acquireFileLock(process.argv[2]);`,
        `console.log('locked');`,
        // Holds the lock until killed; exits by itself after a minute at most.
        `setTimeout(() => process.exit(0), 60_000);`,
        '',
      ].join('\n'),
    );
    // One process (node with tsx's loader), so the pid killed is the pid holding the lock.
    const holder = execa(process.execPath, ['--import', 'tsx', worker, lockPath], { cwd: REPO_ROOT, timeout: 90_000, reject: false });
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
      void holder.then((r) => reject(new Error(`holder exited early: ${r.stderr}`)));
    });
    // While the holder lives, the lock is refused.
    await expect(acquireFileLock(lockPath, { waitMs: 100 })).rejects.toThrow(/is held by process/);
    process.kill(holder.pid!, 'SIGKILL');
    await holder;
    const lock = await acquireFileLock(lockPath, { waitMs: 5_000 });
    await lock.release();
  });
});
