// Wait for a peer process to answer its health endpoint, giving up early if it died.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
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

/** Poll `ready()` until true; throw with the process's log tail on timeout or exit. */
export async function waitForReady(peer: PeerProcess, ready: () => Promise<boolean>, timeoutMs: number, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (peer.exit) throw new PeerStartError(peer.failure('stopped before it became ready'));
    if (await ready()) return;
    if (Date.now() > deadline) throw new PeerStartError(peer.failure(`did not become ready within ${Math.round(timeoutMs / 1000)} s`));
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
