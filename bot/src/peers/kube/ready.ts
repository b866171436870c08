// Wait for a peer process to answer its health endpoint, giving up early if it died.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { formatDuration } from '../../tools/progress.js';
import { watchProgress } from '../../tools/progressWatch.js';
import type { PeerProcess } from './peerProcess.js';

export class PeerStartError extends Error {
  override name = 'PeerStartError';
}

/** GET a loopback URL once; resolves with the status code and body (never rejects). */
export function probe(url: string, tls?: Pick<RequestOptions, 'ca' | 'cert' | 'key'>): Promise<{ status: number; body: string } | undefined> {
  return new Promise((resolve) => {
    const request = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = request(url, { ...tls, timeout: 2_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

export interface ReadyLimits {
  /** Give up when the process neither prints nor uses CPU time for this long. */
  idleMs: number;
  /** Backstop for a process that keeps busy but never becomes ready (default 20 min). */
  maxMs?: number;
  /** Give up at once when aborted (a sibling peer failed). */
  signal?: AbortSignal;
  /** How often CPU time is sampled (default 5 s). */
  sampleMs?: number;
}

/**
 * Poll `ready()` until true; throw with the process's log tail when it exits, stalls, runs
 * past the backstop or the signal is aborted. The limit follows progress: a server starting
 * slowly on a busy machine (logging, using CPU) is given the time it needs.
 */
export async function waitForReady(peer: PeerProcess, ready: () => Promise<boolean>, limits: ReadyLimits, intervalMs = 200): Promise<void> {
  const maxMs = limits.maxMs ?? 20 * 60_000;
  const deadline = Date.now() + maxMs;
  let stalled: number | undefined;
  const progress = watchProgress({ pid: peer.pid, idleMs: limits.idleMs, ...(limits.sampleMs !== undefined ? { sampleMs: limits.sampleMs } : {}), onStall: (ms) => (stalled = ms) });
  let printed = peer.printed;
  try {
    for (;;) {
      if (peer.exit) throw new PeerStartError(peer.failure('stopped before it became ready'));
      if (limits.signal?.aborted) throw new PeerStartError(peer.failure(`was stopped while starting: ${(limits.signal.reason as Error)?.message ?? 'cancelled'}`));
      if (await ready()) return;
      if (stalled !== undefined) throw new PeerStartError(peer.failure(`showed no progress (no output, no CPU time) for ${formatDuration(stalled)} before it became ready`));
      if (Date.now() > deadline) throw new PeerStartError(peer.failure(`kept running for ${formatDuration(maxMs)} without becoming ready`));
      if (peer.printed !== printed) {
        printed = peer.printed;
        progress.output();
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  } finally {
    progress.stop();
  }
}
