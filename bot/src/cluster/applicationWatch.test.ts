import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationWatcher, type WatchEvent } from './applicationWatch.js';

// An API server that accepts connections and never answers (hung, or behind a broken proxy).
let server: Server;
const sockets: Socket[] = [];
let kc: KubeConfig;

beforeAll(async () => {
  server = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'hung', server: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }],
    users: [{ name: 'bot', token: 'not-a-real-token' }],
    contexts: [{ name: 'hung', cluster: 'hung', user: 'bot' }],
    currentContext: 'hung',
  });
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('waiting on an API server that never answers', () => {
  it('still gives up at the timeout and says it never read the Application', async () => {
    const events: WatchEvent[] = [];
    const outcome = await new ApplicationWatcher(kc, { contains: async () => false, onEvent: (e) => events.push(e) }).waitForDeployment('rococo', 'a'.repeat(40), { timeoutMs: 500 });
    expect(outcome).toEqual({ kind: 'timed-out', timeoutMs: 500, last: { kind: 'waiting', reason: 'the Application has not been read yet' } });
    expect(events).toEqual([]);
  });
});

describe('an API server that drops every connection', () => {
  it('backs off between attempts, doubling up to the limit, and reports the timeout', async () => {
    const dropping = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
    try {
      const config = new KubeConfig();
      config.loadFromOptions({
        clusters: [{ name: 'dropping', server: `https://127.0.0.1:${(dropping.address() as AddressInfo).port}`, skipTLSVerify: true }],
        users: [{ name: 'bot', token: 'not-a-real-token' }],
        contexts: [{ name: 'dropping', cluster: 'dropping', user: 'bot' }],
        currentContext: 'dropping',
      });
      const retries: number[] = [];
      const watcher = new ApplicationWatcher(config, {
        contains: async () => false,
        backoffMs: { initial: 10, max: 40 },
        onEvent: (e) => e.type === 'error' && retries.push(e.retryInMs),
      });
      const outcome = await watcher.waitForDeployment('rococo', 'a'.repeat(40), { timeoutMs: 2_000 });
      expect(outcome.kind).toBe('timed-out');
      expect(retries.slice(0, 4)).toEqual([10, 20, 40, 40]);
    } finally {
      await new Promise((resolve) => dropping.close(resolve));
    }
  });
});
