import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { judgeHealth, RpcNodeHealthCheck } from './nodeHealth.js';

// A real JSON-RPC WebSocket server on loopback standing in for a node's RPC.
let server: WebSocketServer;
let url: string;
let answer: unknown = { peers: 3, isSyncing: false, shouldHavePeers: true };

beforeAll(async () => {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      const request = JSON.parse(data.toString()) as { id: number; method: string };
      if (request.method === 'system_health') socket.send(JSON.stringify({ jsonrpc: '2.0', id: request.id, result: answer }));
      else socket.send(JSON.stringify({ jsonrpc: '2.0', id: request.id, error: { code: -32601, message: 'Method not found' } }));
    });
  });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('node health', () => {
  it('judges syncing and peers', () => {
    expect(judgeHealth({ peers: 0, isSyncing: true, shouldHavePeers: true }, 1)).toMatchObject({ ok: false, reason: expect.stringContaining('syncing') });
    expect(judgeHealth({ peers: 1, isSyncing: false, shouldHavePeers: true }, 2)).toMatchObject({ ok: false, reason: expect.stringContaining('fewer than 2') });
    expect(judgeHealth({ peers: 0, isSyncing: false, shouldHavePeers: false }, 2).ok).toBe(true);
  });

  it('asks system_health over a WebSocket', async () => {
    answer = { peers: 3, isSyncing: false, shouldHavePeers: true };
    expect(await new RpcNodeHealthCheck({ minPeers: 2 }).check('rococo', url)).toEqual({ ok: true, health: answer });
    answer = { peers: 3, isSyncing: true, shouldHavePeers: true };
    expect(await new RpcNodeHealthCheck({ minPeers: 2 }).check('rococo', url)).toMatchObject({ ok: false, reason: expect.stringContaining('syncing') });
    answer = 'nonsense';
    expect(await new RpcNodeHealthCheck().check('rococo', url)).toMatchObject({ ok: false, reason: expect.stringContaining('not {peers') });
  });

  it('reports an RPC endpoint nobody listens on', async () => {
    const closed = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => closed.once('listening', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await new RpcNodeHealthCheck({ timeoutMs: 5_000 }).check('rococo', `ws://127.0.0.1:${port}`);
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining(`RPC of rococo not reachable: ws://127.0.0.1:${port}`) });
  });
});
