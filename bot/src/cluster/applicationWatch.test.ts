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
