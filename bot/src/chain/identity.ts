import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import type { PlannedNode, SessionKeyType } from '../plan/types.js';
import { deriveAccount, deriveSessionKeys, type DerivedSessionKeys } from './keys.js';

// A node as the chain knows it: its account and, per generation, its session keys. Built
// from the seed once per execution and held in memory only.

/** Reads one value from a Kubernetes Secret: (secret name, data key, namespace) → value. */
export type SeedSource = (secret: string, key: string, namespace: string) => Promise<string>;

export interface NodeIdentity {
  node: PlannedNode;
  /** Account id as 0x-hex (format-independent). */
  accountHex: `0x${string}`;
  address: string;
  /** Signs only where the node must sign itself (no root on the chain). */
  pair: KeyringPair;
  sessionKeys(generation: number): DerivedSessionKeys;
}

export async function identify(node: PlannedNode, seeds: SeedSource, order: SessionKeyType[]): Promise<NodeIdentity> {
  const seed = await seeds(node.keys.secret, node.keys.secretKey, node.network);
  const account = deriveAccount(seed, node.keys);
  const cache = new Map<number, DerivedSessionKeys>();
  return {
    node,
    accountHex: u8aToHex(account.publicKey),
    address: account.address,
    pair: account.pair,
    sessionKeys(generation) {
      let keys = cache.get(generation);
      if (!keys) {
        keys = deriveSessionKeys(seed, node.keys, generation, order);
        cache.set(generation, keys);
      }
      return keys;
    },
  };
}
