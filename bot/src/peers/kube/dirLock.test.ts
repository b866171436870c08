import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
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

describe('withDirLock between processes', () => {
  const TSX = import.meta.resolve('tsx');
  const LOCK_MODULE = new URL('./dirLock.ts', import.meta.url).pathname;

  /** A process that takes the lock and holds it until it is killed. */
  async function holderProcess(lock: string) {
    const script = join(dir, 'hold.mts');
    await writeFile(
      script,
      [
        `import { withDirLock } from ${JSON.stringify(LOCK_MODULE)};`,
        `await withDirLock(process.argv[2], { staleMs: 3_600_000, purpose: 'building kube-apiserver' }, async () => {`,
        `  console.log('held');`,
        `  await new Promise(() => setInterval(() => {}, 60_000));`,
        `});`,
      ].join('\n'),
    );
    const child = spawn(process.execPath, ['--import', TSX, script, lock], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
      child.once('exit', (code) => reject(new Error(`the holder exited early (${code})`)));
    });
    return child;
  }

  it('says whom it waits for while the holder lives, and takes the lock at once when the holder is killed', async () => {
    const lock = join(dir, 'build.lock');
    const child = await holderProcess(lock);
    try {
      const lines: string[] = [];
      const waited = await withDirLock(lock, { staleMs: 3_600_000, waitMs: 500, pollMs: 20, report: (l) => lines.push(l) }, async () => 'ran').catch((e: unknown) => e);
      expect(waited).toBeInstanceOf(Error);
      expect(lines[0]).toMatch(new RegExp(`^waiting for process ${child.pid} on ${hostname()}, building kube-apiserver, since \\S+ \\(\\d+s ago\\); it holds ${lock}$`));
      expect((waited as Error).message).toContain(`process ${child.pid}`);
    } finally {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL'); // like Ctrl-C during the build: no clean-up runs
      await gone;
    }
    // The stale-age limit is an hour: only the dead process id can make this immediate.
    const lines: string[] = [];
    expect(await withDirLock(lock, { staleMs: 3_600_000, waitMs: 10_000, pollMs: 20, report: (l) => lines.push(l) }, async () => 'ran')).toBe('ran');
    expect(lines).toEqual([`taking over ${lock}: its holder, process ${child.pid}, is no longer running`]);
    await expect(stat(lock)).rejects.toMatchObject({ code: 'ENOENT' });
  }, 60_000);
});
