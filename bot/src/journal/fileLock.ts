// A lock between processes on one machine (or a shared volume): a lock file created with
// O_EXCL ('wx'). A holder that died leaves its file behind, so a lock whose process is gone,
// or that is older than `staleMs`, is broken. Breaking renames the file away first and checks
// it was the stale one, so two breakers do not remove a fresh lock by mistake.
import { randomUUID } from 'node:crypto';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { EnvironmentError } from '../errors.js';

export interface LockOptions {
  /** A lock untouched for this long is considered abandoned (default 30 s: held locks are short). */
  staleMs?: number;
  /** Give up waiting after this long (default 30 s). */
  waitMs?: number;
}

interface Holder {
  pid: number;
  host: string;
  token: string;
  at: string;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(path: string): Promise<{ holder?: Holder; ageMs: number } | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    let holder: Holder | undefined;
    try {
      holder = JSON.parse(text) as Holder;
    } catch {
      // Written half-way by a holder that died: only age can tell.
    }
    return { holder, ageMs: Date.now() - info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Pure: may this lock be broken? */
export function isStale(holder: Holder | undefined, ageMs: number, staleMs: number, here = { host: hostname(), alive: processAlive }): boolean {
  if (ageMs > staleMs) return true;
  return holder !== undefined && holder.host === here.host && holder.pid !== process.pid && !here.alive(holder.pid);
}

async function tryCreate(path: string, holder: Holder): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(JSON.stringify(holder));
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

async function breakStale(path: string, seen: Holder | undefined): Promise<void> {
  const aside = `${path}.broken-${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readHolder(aside);
  if (seen && moved?.holder && moved.holder.token !== seen.token) {
    // Someone broke it and took it between our look and our rename: give it back.
    await rename(aside, path).catch(() => {});
    return;
  }
  await unlink(aside).catch(() => {});
}

export interface HeldLock {
  release(): Promise<void>;
}

export async function acquireFileLock(path: string, options: LockOptions = {}): Promise<HeldLock> {
  const staleMs = options.staleMs ?? 30_000;
  const waitMs = options.waitMs ?? 30_000;
  const holder: Holder = { pid: process.pid, host: hostname(), token: randomUUID(), at: new Date().toISOString() };
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    if (await tryCreate(path, holder)) {
      return {
        release: async () => {
          const current = await readHolder(path);
          if (current?.holder?.token === holder.token) await unlink(path).catch(() => {});
        },
      };
    }
    const current = await readHolder(path);
    if (current && isStale(current.holder, current.ageMs, staleMs)) {
      await breakStale(path, current.holder);
      continue;
    }
    if (Date.now() > deadline) {
      const who = current?.holder ? `process ${current.holder.pid} on ${current.holder.host} since ${current.holder.at}` : 'an unknown process';
      throw new EnvironmentError(`lock ${path} is held by ${who}`, `if no other bot process is running, remove ${path}`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(5 + attempt * 5, 100) * (0.5 + Math.random())));
  }
}

export async function withFileLock<T>(path: string, work: () => Promise<T>, options?: LockOptions): Promise<T> {
  const lock = await acquireFileLock(path, options);
  try {
    return await work();
  } finally {
    await lock.release();
  }
}
