// Before touching the chain: is the network's RPC node reachable, done syncing, and peered?
// `system_health` over a plain JSON-RPC WebSocket, one request, bounded by a timeout.
import WebSocket from 'ws';

export interface SystemHealth {
  peers: number;
  isSyncing: boolean;
  shouldHavePeers: boolean;
}

export type NodeHealth = { ok: true; health: SystemHealth } | { ok: false; reason: string };

export interface NodeHealthCheck {
  check(network: string, rpc: string): Promise<NodeHealth>;
}

/** Pure: may steps be submitted through a node in this state? */
export function judgeHealth(health: SystemHealth, minPeers: number): NodeHealth {
  if (health.isSyncing) return { ok: false, reason: `the node is still syncing (${health.peers} peers)` };
  // A single-node dev chain says it should have no peers; then none are needed.
  if (health.shouldHavePeers && health.peers < minPeers) return { ok: false, reason: `the node has ${health.peers} peers, fewer than ${minPeers}` };
  return { ok: true, health };
}

function isHealth(value: unknown): value is SystemHealth {
  const h = value as SystemHealth;
  return typeof h === 'object' && h !== null && typeof h.peers === 'number' && typeof h.isSyncing === 'boolean' && typeof h.shouldHavePeers === 'boolean';
}

/** One JSON-RPC call over a fresh WebSocket; rejects with a message naming the endpoint. */
export function rpcCall(url: string, method: string, params: unknown[], timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { handshakeTimeout: timeoutMs });
    const timer = setTimeout(() => fail(`no answer to ${method} within ${Math.round(timeoutMs / 1000)} s`), timeoutMs);
    function fail(message: string) {
      clearTimeout(timer);
      socket.terminate();
      reject(new Error(`${url}: ${message}`));
    }
    socket.on('error', (error) => fail(error.message));
    socket.on('open', () => socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params })));
    socket.on('message', (data) => {
      let reply: { id?: number; result?: unknown; error?: { message?: string } };
      try {
        reply = JSON.parse(data.toString()) as typeof reply;
      } catch {
        return fail('answered with something that is not JSON');
      }
      if (reply.id !== 1) return;
      clearTimeout(timer);
      socket.close();
      if (reply.error) reject(new Error(`${url}: ${method} failed: ${reply.error.message ?? 'unknown error'}`));
      else resolve(reply.result);
    });
  });
}

export class RpcNodeHealthCheck implements NodeHealthCheck {
  constructor(private readonly options: { minPeers?: number; timeoutMs?: number } = {}) {}

  async check(network: string, rpc: string): Promise<NodeHealth> {
    let result: unknown;
    try {
      result = await rpcCall(rpc, 'system_health', [], this.options.timeoutMs ?? 10_000);
    } catch (error) {
      return { ok: false, reason: `RPC of ${network} not reachable: ${(error as Error).message}` };
    }
    if (!isHealth(result)) return { ok: false, reason: `${rpc}: system_health answered ${JSON.stringify(result)}, not {peers, isSyncing, shouldHavePeers}` };
    return judgeHealth(result, this.options.minPeers ?? 1);
  }
}
