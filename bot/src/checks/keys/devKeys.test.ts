import { Keyring } from '@polkadot/keyring';
import { u8aToHex, hexToU8a } from '@polkadot/util';
import { cryptoWaitReady, mnemonicValidate, secp256k1PairFromSeed, sr25519PairFromSeed, ethereumEncode } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEV_PHRASES, DEV_SEEDS } from './devKeys.js';

beforeAll(async () => {
  await cryptoWaitReady();
});

describe('well-known development keys', () => {
  it('lists phrases with a valid checksum (including test … junk)', () => {
    for (const phrase of DEV_PHRASES.keys()) expect(mnemonicValidate(phrase)).toBe(true);
  });

  it('holds the real seeds behind //Alice … //Ferdie for sr25519, ed25519 and ecdsa', () => {
    for (const type of ['sr25519', 'ed25519', 'ecdsa'] as const) {
      const keyring = new Keyring({ type });
      for (const name of ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie']) {
        const seed = [...DEV_SEEDS].find(([, label]) => label === `the //${name} ${type} development seed`)?.[0];
        expect(seed, `${name} ${type}`).toBeDefined();
        const fromSeed = keyring.addFromSeed(hexToU8a(`0x${seed}`));
        expect(u8aToHex(fromSeed.publicKey)).toBe(u8aToHex(keyring.addFromUri(`//${name}`).publicKey));
      }
    }
    expect(u8aToHex(sr25519PairFromSeed(hexToU8a(`0x${[...DEV_SEEDS.keys()][1]}`)).publicKey)).toBe(u8aToHex(new Keyring({ type: 'sr25519' }).decodeAddress('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY')));
  });

  it('holds the Hardhat account #0 key of the test phrase', () => {
    const account0 = [...DEV_SEEDS].find(([, label]) => label.startsWith('Ethereum test account #0'))![0];
    expect(ethereumEncode(secp256k1PairFromSeed(hexToU8a(`0x${account0}`)).publicKey)).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
  });
});
