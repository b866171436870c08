import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { KeySource, SessionKeyType } from '../plan/types.js';

// Pure derivation of a node's account and session keys from the seed held in its Secret.
// Only public keys and signatures leave this module: pairs stay inside closures, and no
// message or error built here ever contains the seed or the path joined to it.

export const ready = cryptoWaitReady;

/** `//{pod}//{type}//g{generation}` with `{type}` and `{generation}` filled in. */
export function keyPathFor(template: string, type: string, generation: number): string {
  return template.replaceAll('{type}', type).replaceAll('{generation}', String(generation));
}

function pairFrom(seed: string, path: string, scheme: SessionKeyType['scheme']): KeyringPair {
  const keyring = new Keyring({ type: scheme });
  try {
    return keyring.addFromUri(`${seed.trim()}${path}`);
  } catch {
    // The underlying message may echo the secret URI: never pass it on.
    throw new Error(`cannot derive a ${scheme} key at path ${path}: the seed in the Secret is not a valid secret URI (mnemonic, 0x-seed or //dev phrase)`);
  }
}

/** The account that owns a node (sr25519): its address, and a pair to sign with where the node signs itself. */
export function deriveAccount(seed: string, keys: Pick<KeySource, 'accountPath'>, ss58Format?: number): { address: string; publicKey: Uint8Array; pair: KeyringPair } {
  const pair = pairFrom(seed, keys.accountPath, 'sr25519');
  const address = new Keyring({ type: 'sr25519', ...(ss58Format !== undefined ? { ss58Format } : {}) }).encodeAddress(pair.publicKey);
  return { address, publicKey: pair.publicKey, pair };
}

/** An operator's signing pair from its own secret URI. */
export function operatorPair(seed: string): KeyringPair {
  return pairFrom(seed, '', 'sr25519');
}

export interface DerivedSessionKeys {
  /** In the runtime's SessionKeys order. */
  keys: { type: string; scheme: SessionKeyType['scheme']; publicKey: Uint8Array }[];
  /** SCALE encoding of the SessionKeys struct: the public keys concatenated in order. */
  encoded: Uint8Array;
  hex: `0x${string}`;
  /** Ownership proof (RFC-0048): every session key signs `owner`, signatures concatenated in order. */
  prove(owner: Uint8Array): Uint8Array;
}

/** Derive one generation of a node's session keys in the given order (the runtime's). */
export function deriveSessionKeys(seed: string, source: Pick<KeySource, 'keyPath'>, generation: number, ordered: SessionKeyType[]): DerivedSessionKeys {
  const pairs = ordered.map((k) => ({ k, pair: pairFrom(seed, keyPathFor(source.keyPath, k.type, generation), k.scheme) }));
  const keys = pairs.map(({ k, pair }) => ({ type: k.type, scheme: k.scheme, publicKey: pair.publicKey }));
  const encoded = u8aConcat(...keys.map((k) => k.publicKey));
  return {
    keys,
    encoded,
    hex: u8aToHex(encoded),
    prove: (owner) => u8aConcat(...pairs.map(({ pair }) => pair.sign(owner))),
  };
}
