// Test helper: a loopback TCP proxy in front of a node's WebSocket RPC that can cut the
// connection the moment the client sends a given request — after forwarding it, so the node
// acts on it but the client never hears back. What a network blip mid-submission looks like.
// Client frames are masked (RFC 6455), so they are unmasked here just to read their text.
import { createServer, connect as connectTcp, type Server, type Socket } from 'node:net';

export interface DroppingProxy {
  /** ws:// URL of the proxy. */
  url: string;
  /** Cut the next connection whose client sends a text frame containing `needle`. */
  dropOnNext(needle: string): void;
  /** Client text frames containing `needle`, over all connections so far. */
  sent(needle: string): number;
  connections: number;
  drops: number;
  close(): Promise<void>;
}

/** Text payloads of the complete frames at the start of `buffer`, and how many bytes they took. */
function readClientFrames(buffer: Buffer): { texts: string[]; used: number } {
  const texts: string[] = [];
  let at = 0;
  for (;;) {
    if (buffer.length - at < 2) break;
    const opcode = buffer[at]! & 0x0f;
    const masked = (buffer[at + 1]! & 0x80) !== 0;
    let length = buffer[at + 1]! & 0x7f;
    let header = 2;
    if (length === 126) {
      if (buffer.length - at < 4) break;
      length = buffer.readUInt16BE(at + 2);
      header = 4;
    } else if (length === 127) {
      if (buffer.length - at < 10) break;
      length = Number(buffer.readBigUInt64BE(at + 2));
      header = 10;
    }
    const maskAt = at + header;
    const payloadAt = maskAt + (masked ? 4 : 0);
    if (buffer.length < payloadAt + length) break;
    const payload = Buffer.from(buffer.subarray(payloadAt, payloadAt + length));
    if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= buffer[maskAt + (i % 4)]!;
    if (opcode === 0x1 || opcode === 0x0) texts.push(payload.toString('utf8'));
    at = payloadAt + length;
  }
  return { texts, used: at };
}

export async function startDroppingProxy(targetPort: number): Promise<DroppingProxy> {
  const seen: string[] = [];
  let armed: string | undefined;
  const sockets = new Set<Socket>();
  const state = { connections: 0, drops: 0 };
  const server: Server = createServer((client) => {
    state.connections++;
    const upstream = connectTcp(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let handshakeDone = false;
    let pending = Buffer.alloc(0);
    let cut = false;
    client.on('data', (chunk: Buffer) => {
      if (cut) return;
      upstream.write(chunk);
      pending = Buffer.concat([pending, chunk]);
      if (!handshakeDone) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        pending = pending.subarray(end + 4);
        handshakeDone = true;
      }
      const { texts, used } = readClientFrames(pending);
      pending = pending.subarray(used);
      seen.push(...texts);
      if (armed !== undefined && texts.some((t) => t.includes(armed!))) {
        armed = undefined;
        cut = true;
        state.drops++;
        client.destroy();
        // Let the node read the request before its side closes too.
        setTimeout(() => upstream.destroy(), 300);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!cut) client.write(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', () => (cut ? undefined : close()));
    upstream.on('close', close);
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    dropOnNext: (needle) => void (armed = needle),
    sent: (needle) => seen.filter((t) => t.includes(needle)).length,
    get connections() {
      return state.connections;
    },
    get drops() {
      return state.drops;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
