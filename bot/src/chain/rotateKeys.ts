import { WsProvider } from '@polkadot/api';
import type { PlannedNode } from '../plan/types.js';
import { ChainError } from './errors.js';

// `sessionKeys: rotate-rpc`: the node generates keys in its own keystore and returns the public
// halves. Runtimes that verify ownership (RFC-0048) also need the keys to sign the owner
// account: the node does that in `author_rotateKeysWithOwner`. The private keys never leave it.

export interface RotatedKeys {
  /** SCALE SessionKeys (public keys), hex. */
  keys: string;
  /** Ownership proof for `session.setKeys`; `0x` where the runtime ignores it. */
  proof: string;
}

/** Pure: a node's RPC URL from the network's `registration.nodeRpc` template. */
export function nodeRpcUrl(template: string, node: Pick<PlannedNode, 'pod' | 'network'>): string {
  return template.replaceAll('{pod}', node.pod).replaceAll('{network}', node.network);
}

const isHex = (v: unknown): v is string => typeof v === 'string' && /^0x([0-9a-f]{2})+$/i.test(v);

/** Pure: what the node answered, checked. */
export function rotatedKeysFrom(answer: unknown, withOwner: boolean, url: string): RotatedKeys {
  if (!withOwner) {
    if (isHex(answer)) return { keys: answer, proof: '0x' };
  } else if (typeof answer === 'object' && answer !== null && isHex((answer as RotatedKeys).keys) && isHex((answer as RotatedKeys).proof)) {
    return { keys: (answer as RotatedKeys).keys, proof: (answer as RotatedKeys).proof };
  }
  const method = withOwner ? 'author_rotateKeysWithOwner' : 'author_rotateKeys';
  throw new ChainError(`${method} at ${url} answered ${JSON.stringify(answer)?.slice(0, 120)}, not ${withOwner ? '{ keys, proof } (hex)' : 'hex session keys'}`);
}

/** Ask the node at `url` for new session keys; with `ownerHex`, with a proof for that owner. */
export async function rotateKeysOnNode(url: string, ownerHex?: string, timeoutMs = 30_000): Promise<RotatedKeys> {
  const provider = new WsProvider(url, false, {}, timeoutMs);
  let timer: NodeJS.Timeout | undefined;
  const method = ownerHex ? 'author_rotateKeysWithOwner' : 'author_rotateKeys';
  try {
    const answer = await Promise.race([
      (async () => {
        await provider.connect();
        await provider.isReady;
        return provider.send<unknown>(method, ownerHex ? [ownerHex] : []);
      })(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ChainError(`no answer to ${method} from ${url} within ${timeoutMs} ms: is the node up, and does it allow unsafe RPC methods to the bot?`)), timeoutMs);
      }),
    ]);
    return rotatedKeysFrom(answer, ownerHex !== undefined, url);
  } catch (error) {
    if (error instanceof ChainError) throw error;
    throw new ChainError(`${method} at ${url} failed: ${(error as Error).message}`, { cause: error });
  } finally {
    clearTimeout(timer);
    await provider.disconnect().catch(() => undefined);
  }
}
