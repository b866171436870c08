// What the integration global set-up (peers.global-setup.ts) starts once per run, and how
// tests reach it: `inject('relayWs')` etc., typed below, plus the test-controlled accounts.

import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { connect } from '../src/chain/connect.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Paseo relay chain (chopsticks, manual block building); its sudo key is TEST_SUDO_URI. */
    relayWs: string;
    /** Rococo Asset Hub parachain (chopsticks, manual block building); no sudo pallet. */
    parachainWs: string;
    /** Secret URI of the relay chain's sudo account (sr25519, derived from the development phrase). */
    sudoUri: string;
    /** SS58 address (prefix 42) of the sudo account; funded with TEST_SUDO_FUNDS at start. */
    sudoAddress: string;
    // Provided by the kube-apiserver peer (bot/src/peers/kube), wired in the global set-up:
    /** https URL of the test kube-apiserver. */
    kubeServer: string;
    /** Kubeconfig path of a system:masters user. */
    kubeAdminConfig: string;
    /** Kubeconfig path of the bot's ServiceAccount (its RBAC applies). */
    kubeBotConfig: string;
  }
}

/** A derivation only these tests use, so no well-known development account holds sudo. */
export const TEST_SUDO_URI = '//substrate-gitops//sudo';

/** 1 000 000 PAS (10 decimals): plenty for fees and deposits in any test. */
export const TEST_SUDO_FUNDS = 10n ** 16n;

/** The keyring pair for a secret URI (sr25519, generic SS58 prefix). */
export async function testAccount(uri: string): Promise<KeyringPair> {
  await cryptoWaitReady();
  return new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(uri);
}

/** Connect (with a timeout), run `use`, and always disconnect. */
export async function withApi<T>(wsUrl: string, use: (api: ApiPromise) => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const api = await connect(wsUrl, timeoutMs);
  try {
    return await use(api);
  } finally {
    await api.disconnect();
  }
}
