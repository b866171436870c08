import { signatureVerify } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { beforeAll, describe, expect, it } from 'vitest';
import { deriveAccount, deriveSessionKeys, keyPathFor, ready } from './keys.js';

// substrate-gitops: allow-key-material the public Substrate development phrase; test chains only
const DEV = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
const TYPES = [
  { type: 'gran', scheme: 'ed25519' as const },
  { type: 'babe', scheme: 'sr25519' as const },
  { type: 'beef', scheme: 'ecdsa' as const },
];

beforeAll(async () => {
  await ready();
});

describe('keys', () => {
  it('fills type and generation into the path', () => {
    expect(keyPathFor('//validator-3//{type}//g{generation}', 'gran', 2)).toBe('//validator-3//gran//g2');
  });

  it('derives the well-known development account and grandpa key', () => {
    expect(deriveAccount(DEV, { accountPath: '//Alice' }).address).toBe('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
    const k = deriveSessionKeys(DEV, { keyPath: '//Alice' }, 1, [{ type: 'gran', scheme: 'ed25519' }]);
    expect(k.hex).toBe('0x88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee');
  });

  it('encodes keys in the given order with each scheme’s length, and a generation bump changes every key', () => {
    const g1 = deriveSessionKeys(DEV, { keyPath: '//v-0//{type}//g{generation}' }, 1, TYPES);
    const g2 = deriveSessionKeys(DEV, { keyPath: '//v-0//{type}//g{generation}' }, 2, TYPES);
    expect(g1.encoded.length).toBe(32 + 32 + 33);
    expect(g1.keys.map((k) => k.type)).toEqual(['gran', 'babe', 'beef']);
    g1.keys.forEach((k, i) => expect(u8aToHex(k.publicKey)).not.toBe(u8aToHex(g2.keys[i]!.publicKey)));
    const reversed = deriveSessionKeys(DEV, { keyPath: '//v-0//{type}//g{generation}' }, 1, [...TYPES].reverse());
    expect(u8aToHex(reversed.keys[0]!.publicKey)).toBe(u8aToHex(g1.keys[2]!.publicKey));
  });

  it('builds an ownership proof every key of which verifies against the owner', () => {
    const owner = deriveAccount(DEV, { accountPath: '//v-0' }).publicKey;
    const k = deriveSessionKeys(DEV, { keyPath: '//v-0//{type}//g1' }, 1, TYPES);
    const proof = k.prove(owner);
    const sizes = [64, 64, 65];
    let at = 0;
    k.keys.forEach((key, i) => {
      const sig = proof.slice(at, at + sizes[i]!);
      at += sizes[i]!;
      expect(signatureVerify(owner, sig, key.publicKey).isValid).toBe(true);
    });
    expect(at).toBe(proof.length);
  });

  it('never echoes the seed when it is not a valid secret URI', () => {
    const secret = 'not a seed phrase at all secretword';
    let message = '';
    try {
      deriveAccount(secret, { accountPath: '//v-0' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/not a valid secret URI/);
    expect(message).not.toContain('secretword');
  });
});
