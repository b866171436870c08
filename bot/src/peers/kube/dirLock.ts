// One builder at a time across processes (two test runs starting on a fresh machine would
// otherwise both spend minutes compiling the same thing). mkdir is atomic; the folder is the lock.
import { mkdir, rm, stat } from 'node:fs/promises';

export interface LockOptions {
  /** A lock older than this was left by a process that died; take it over. */
  staleMs: number;
  /** Give up waiting for another holder after this long. */
  waitMs: number;
  pollMs?: number;
  /** Checked while waiting: true when the other holder already produced what we need. */
  done?: () => Promise<boolean>;
}

async function tryAcquire(path: string, staleMs: number): Promise<boolean> {
  try {
    await mkdir(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const age = await stat(path).then((s) => Date.now() - s.mtimeMs, () => 0);
  if (age > staleMs) {
    await rm(path, { recursive: true, force: true });
    return tryAcquire(path, Number.POSITIVE_INFINITY);
  }
  return false;
}

/**
 * Run `fn` holding the lock at `path`; returns undefined instead when `done()` became true
 * while another process held it.
 */
export async function withDirLock<T>(path: string, options: LockOptions, fn: () => Promise<T>): Promise<T | undefined> {
  const deadline = Date.now() + options.waitMs;
  while (!(await tryAcquire(path, options.staleMs))) {
    if (options.done && (await options.done())) return undefined;
    if (Date.now() > deadline) throw new Error(`waited ${Math.round(options.waitMs / 1000)} s for ${path}; if no build is running, remove it`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 2_000));
  }
  try {
    return await fn();
  } finally {
    await rm(path, { recursive: true, force: true });
  }
}
