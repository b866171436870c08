// Well-known public development keys. They guard nothing, but a production-like network
// that uses them can be taken over by anyone, so they are allowed only in networks declared
// ephemeral. This file is the scanner's reference list, hence the markers below.

import { ed25519DeriveHard, hdEthereum, keyExtractPath, mnemonicToLegacySeed, mnemonicToMiniSecret } from '@polkadot/util-crypto';
import { secp256k1DeriveHard } from '@polkadot/util-crypto/secp256k1/deriveHard';
import { u8aToHex } from '@polkadot/util';

/** Substrate's dev phrase (behind `//Alice` …) and the Hardhat/Foundry test phrase. */
export const DEV_PHRASES: ReadonlyMap<string, string> = new Map([
  // substrate-gitops: allow-key-material public Substrate development phrase, reference list of the scanner
  ['bottom drive obey lake curtain smoke basket hold race lonely fit walk', 'the Substrate development phrase'],
  // substrate-gitops: allow-key-material public Hardhat/Foundry test phrase, reference list of the scanner
  ['test test test test test test test test test test test junk', 'the Hardhat/Foundry test phrase'],
]);

const DEV_ACCOUNTS = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'] as const;

// sr25519 hard derivation (schnorrkel) is not exposed as a seed by @polkadot/util-crypto, so these
// are written down; the test re-derives each public key from `//<name>` to prove them.
const SR25519_DEV_SEEDS: Record<(typeof DEV_ACCOUNTS)[number], string> = {
  Alice: 'e5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a', // substrate-gitops: allow-key-material public //Alice dev seed
  Bob: '398f0c28f98885e046333d4a41c19cee4c37368a9832c6502f6cfd182e2aef89', // substrate-gitops: allow-key-material public //Bob dev seed
  Charlie: 'bc1ede780f784bb6991a585e4f6e61522c14e1cae6ad0895fb57b9a205a8f938', // substrate-gitops: allow-key-material public //Charlie dev seed
  Dave: '868020ae0687dda7d57565093a69090211449845a7e11453612800b663307246', // substrate-gitops: allow-key-material public //Dave dev seed
  Eve: '786ad0e2df456fe43dd1f91ebca22e235bc162e0bb8d53c633e8c85b2af68b7a', // substrate-gitops: allow-key-material public //Eve dev seed
  Ferdie: '42438b7883391c05512a938e36c2df0131e088b3756d6aa7a755fbff19d2f842', // substrate-gitops: allow-key-material public //Ferdie dev seed
};

const hex = (u8a: Uint8Array): string => u8aToHex(u8a).slice(2);

/** Lower-case hex seed (no 0x) → what it is. Derived ones are computed, not written down. */
function buildDevSeeds(): Map<string, string> {
  const seeds = new Map<string, string>();
  for (const [phrase, label] of DEV_PHRASES) {
    const miniSecret = mnemonicToMiniSecret(phrase, '', undefined, true);
    seeds.set(hex(miniSecret), `the seed of ${label}`);
    if (phrase.startsWith('bottom')) {
      for (const name of DEV_ACCOUNTS) {
        const { chainCode } = keyExtractPath(`//${name}`).path[0]!;
        seeds.set(SR25519_DEV_SEEDS[name], `the //${name} sr25519 development seed`);
        seeds.set(hex(ed25519DeriveHard(miniSecret, chainCode)), `the //${name} ed25519 development seed`);
        seeds.set(hex(secp256k1DeriveHard(miniSecret, chainCode)), `the //${name} ecdsa development seed`);
      }
    } else {
      // The test phrase is used through its Ethereum accounts (m/44'/60'/0'/0/i).
      const legacySeed = mnemonicToLegacySeed(phrase, '', true, 64);
      for (let i = 0; i < 10; i++) {
        seeds.set(hex(hdEthereum(legacySeed, `m/44'/60'/0'/0/${i}`).secretKey), `Ethereum test account #${i} of ${label}`);
      }
    }
  }
  return seeds;
}

export const DEV_SEEDS: ReadonlyMap<string, string> = buildDevSeeds();

/** What a well-known development secret is, or undefined for any other secret. */
export function describeDevSecret(secret: string): string | undefined {
  return DEV_PHRASES.get(secret) ?? DEV_SEEDS.get(secret);
}
