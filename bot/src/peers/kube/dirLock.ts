// One builder at a time across processes (two test runs starting on a fresh machine would
// otherwise both spend minutes compiling the same thing). mkdir is atomic; the folder is the
// lock, and `holder.json` inside says who holds it: process, host, since when, doing what.
// A holder that died (Ctrl-C, a kill) is noticed at once by its process id and replaced; a
// live holder refreshes the file while it works, and waiters say whom they are waiting for.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { EnvironmentError } from '../../errors.js';
import { formatDuration } from '../../tools/progress.js';

export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the holder took the lock. */
  since: string;
  /** What it is doing, for whoever waits. */
  purpose?: string;
  token: string;
}

export interface LockOptions {
  /** A lock whose holder cannot be checked (another host) and that was not refreshed for this long is abandoned. */
  staleMs: number;
  /** Give up waiting after this long (default: wait as long as the holder is alive and refreshing). */
  waitMs?: number;
  pollMs?: number;
  /** Checked while waiting: true when the other holder already produced what we need. */
  done?: () => Promise<boolean>;
  /** Recorded in the lock for waiters, e.g. "building kube-apiserver v1.32.13". */
  purpose?: string;
  /** Told whom we wait for, at once and then every `reportEveryMs` (default 30 s). */
  report?: (line: string) => void;
  reportEveryMs?: number;
  /** How often a holder refreshes the lock (default 30 s). */
  refreshMs?: number;
  signal?: AbortSignal;
}

/** A lock folder without holder.json older than this was left half-made (or by an older version). */
const UNNAMED_GRACE_MS = 10_000;

export interface SeenLock {
  holder?: LockHolder;
  /** Since the holder last refreshed it (or the folder was made). */
  ageMs: number;
}

export interface Here {
  host: string;
  pid: number;
  alive: (pid: number) => boolean;
}

export type LockVerdict = { take: true; why: string } | { take: false };

/** Pure: may this lock be taken over, and why. */
export function judgeLock(seen: SeenLock, here: Here, staleMs: number): LockVerdict {
  const { holder, ageMs } = seen;
  if (!holder) return ageMs > UNNAMED_GRACE_MS ? { take: true, why: `it names no holder and is ${formatDuration(ageMs)} old` } : { take: false };
  if (holder.host === here.host && holder.pid !== here.pid && !here.alive(holder.pid)) return { take: true, why: `its holder, process ${holder.pid}, is no longer running` };
  if (ageMs > staleMs) return { take: true, why: `its holder, process ${holder.pid} on ${holder.host}, has not refreshed it for ${formatDuration(ageMs)}` };
  return { take: false };
}

/** Pure: the line a waiter prints. */
export function waitingLine(path: string, seen: SeenLock, now: number): string {
  const { holder } = seen;
  if (!holder) return `waiting for ${path} (being taken by another process)`;
  const since = Date.parse(holder.since);
  const parts = [`process ${holder.pid} on ${holder.host}`, ...(holder.purpose ? [holder.purpose] : []), ...(Number.isFinite(since) ? [`since ${holder.since} (${formatDuration(now - since)} ago)`] : [])];
  return `waiting for ${parts.join(', ')}; it holds ${path}`;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const holderFile = (path: string) => join(path, 'holder.json');

async function readLock(path: string): Promise<SeenLock | undefined> {
  try {
    const info = await stat(holderFile(path));
    const text = await readFile(holderFile(path), 'utf8');
    try {
      return { holder: JSON.parse(text) as LockHolder, ageMs: Date.now() - info.mtimeMs };
    } catch {
      return { ageMs: Date.now() - info.mtimeMs }; // written half-way by a holder that died
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'ENOTDIR') throw error;
  }
  try {
    return { ageMs: Date.now() - (await stat(path)).mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function tryAcquire(path: string, holder: LockHolder): Promise<boolean> {
  try {
    await mkdir(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  }
  const temporary = join(path, `.holder-${holder.token}`);
  await writeFile(temporary, JSON.stringify(holder));
  await rename(temporary, holderFile(path));
  return true;
}

/** Move the abandoned lock aside and remove it; if someone else replaced it meanwhile, put theirs back. */
async function takeOver(path: string, seen: SeenLock): Promise<void> {
  const aside = `${path}.abandoned-${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readLock(aside);
  if (moved?.holder && moved.holder.token !== seen.holder?.token) {
    await rename(aside, path).catch(() => {});
    return;
  }
  await rm(aside, { recursive: true, force: true });
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', abort, { once: true });
  });

/**
 * Run `fn` holding the lock at `path`; returns undefined instead when `done()` became true
 * while another process held it.
 */
export async function withDirLock<T>(path: string, options: LockOptions, fn: () => Promise<T>): Promise<T | undefined> {
  const here: Here = { host: hostname(), pid: process.pid, alive: processAlive };
  const holder: LockHolder = { pid: process.pid, host: here.host, since: new Date().toISOString(), ...(options.purpose ? { purpose: options.purpose } : {}), token: randomUUID() };
  const deadline = options.waitMs === undefined ? undefined : Date.now() + options.waitMs;
  const reportEveryMs = options.reportEveryMs ?? 30_000;
  let lastReport: number | undefined;
  for (;;) {
    options.signal?.throwIfAborted();
    if (await tryAcquire(path, holder)) break;
    const seen = await readLock(path);
    if (!seen) continue; // released meanwhile
    const verdict = judgeLock(seen, here, options.staleMs);
    if (verdict.take) {
      options.report?.(`taking over ${path}: ${verdict.why}`);
      await takeOver(path, seen);
      continue;
    }
    if (options.done && (await options.done())) return undefined;
    const now = Date.now();
    if (deadline !== undefined && now > deadline) {
      throw new EnvironmentError(`gave up after ${formatDuration(options.waitMs!)}: ${waitingLine(path, seen, now)}`, `if that process is not running any more, remove ${path}`);
    }
    if (lastReport === undefined || now - lastReport >= reportEveryMs) {
      lastReport = now;
      options.report?.(waitingLine(path, seen, now));
    }
    await sleep(options.pollMs ?? 2_000, options.signal);
  }
  // Refresh while working, so a waiter on another host can tell a live holder from a dead one.
  const refresh = setInterval(() => {
    const at = new Date();
    void utimes(holderFile(path), at, at).catch(() => {});
  }, options.refreshMs ?? 30_000);
  refresh.unref();
  try {
    return await fn();
  } finally {
    clearInterval(refresh);
    // Only our own lock: if it was taken over meanwhile, it is someone else's now.
    const current = await readLock(path).catch(() => undefined);
    if (current?.holder?.token === holder.token) await rm(path, { recursive: true, force: true });
  }
}
