// Test helper: the part of a Substrate node that `sessionKeys: rotate-rpc` talks to — its
// keystore behind `author_rotateKeys` / `author_rotateKeysWithOwner` — on loopback, because the
// chopsticks chain has no keystore. Keys are real (fresh random secrets per call, in the
// runtime's SessionKeys order); the test reads back which public keys each pod handed out.
import { Keyring } from '@polkadot/keyring';
import { u8aConcat, u8aToHex, hexToU8a } from '@polkadot/util';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { WebSocketServer } from 'ws';
import type { KeyScheme } from '../src/plan/types.js';

export interface KeystoreNode {
  /** Base URL; a pod's node is `${url}/${pod}`. */
  url: string;
  /** The SessionKeys (hex) each pod's node generated, in order. */
  generated(pod: string): string[];
  close(): Promise<void>;
}

export async function startKeystoreNode(order: { type: string; scheme: KeyScheme }[]): Promise<KeystoreNode> {
  const generated = new Map<string, string[]>();
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.on('connection', (socket, request) => {
    const pod = (request.url ?? '/').slice(1);
    socket.on('message', (data) => {
      const { id, method, params } = JSON.parse(data.toString()) as { id: number; method: string; params: unknown[] };
      const answer = (result: unknown) => socket.send(JSON.stringify({ jsonrpc: '2.0', id, result }));
      if (method !== 'author_rotateKeys' && method !== 'author_rotateKeysWithOwner') {
        socket.send(JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32601, message: `Method not found: ${method}` } }));
        return;
      }
      const secret = mnemonicGenerate(12);
      const pairs = order.map((k) => new Keyring({ type: k.scheme }).addFromUri(`${secret}//${k.type}`));
      const keys = u8aToHex(u8aConcat(...pairs.map((p) => p.publicKey)));
      generated.set(pod, [...(generated.get(pod) ?? []), keys]);
      if (method === 'author_rotateKeys') answer(keys);
      else answer({ keys, proof: u8aToHex(u8aConcat(...pairs.map((p) => p.sign(hexToU8a(params[0] as string))))) });
    });
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    generated: (pod) => generated.get(pod) ?? [],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
