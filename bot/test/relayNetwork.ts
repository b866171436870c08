// Test helper for executor tests on the relay peer (Paseo): a network spec whose operator is
// the peer's sudo account, validator nodes with fresh per-run seeds, and what the chain should
// hold for them, derived here from the documented key contract (seed + path) and the paseo
// runtime's SessionKeys layout, independently of the executor's own derivation.
import { randomUUID } from 'node:crypto';
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aConcat, u8aToHex } from '@polkadot/util';
import type { SeedSource } from '../src/chain/identity.js';
import type { NetworkSpec } from '../src/model/networkFile.js';
import type { KeyScheme, PlannedNode } from '../src/plan/types.js';
import { testAccount } from './peers.js';

/** Key types as a network declares them (any order: the executor orders them by the runtime). */
export const RELAY_KEY_TYPES: { type: string; scheme: KeyScheme }[] = [
  { type: 'babe', scheme: 'sr25519' },
  { type: 'gran', scheme: 'ed25519' },
  { type: 'imon', scheme: 'sr25519' },
  { type: 'para', scheme: 'sr25519' },
  { type: 'asgn', scheme: 'sr25519' },
  { type: 'audi', scheme: 'sr25519' },
  { type: 'beef', scheme: 'ecdsa' },
];

/** paseo 1001002's `SessionKeys` fields, in order (grandpa, babe, im_online, para_validator, para_assignment, authority_discovery, beefy). */
const PASEO_SESSION_KEYS = ['gran', 'babe', 'imon', 'para', 'asgn', 'audi', 'beef'];

/** The same, with each key's scheme: what a paseo node's keystore generates, in order. */
export const PASEO_SESSION_KEY_ORDER = PASEO_SESSION_KEYS.map((type) => RELAY_KEY_TYPES.find((k) => k.type === type)!);

export interface RelayNetwork {
  name: string;
  spec: NetworkSpec;
  seeds: SeedSource;
  /** The node seed (a secret URI): tests derive expectations from it. */
  nodeSeed: string;
  /** Secret name → value, as the cluster would hold them. */
  secrets: Record<string, string>;
  node(pod: string, generation?: number): PlannedNode;
}

export function relayNetwork(relayWs: string, sudoUri: string): RelayNetwork {
  const name = `net-${randomUUID().slice(0, 8)}`;
  const nodeSeed = `//substrate-gitops//${name}`;
  const secrets: Record<string, string> = { [`${name}-operator`]: sudoUri, [`${name}-seeds`]: nodeSeed };
  return {
    name,
    nodeSeed,
    secrets,
    spec: {
      apiVersion: 'substrate-gitops.io/v1alpha1',
      kind: 'Network',
      name,
      chain: { name: 'paseo', kind: 'relay', rpc: relayWs },
      operator: { seedSecret: { name: `${name}-operator` }, root: 'sudo' },
      registration: { validators: 'register' },
    } as NetworkSpec,
    seeds: async (secret) => {
      const value = secrets[secret];
      if (value === undefined) throw new Error(`no Secret ${secret} in this test`);
      return value;
    },
    node: (pod, generation = 1) => ({
      network: name,
      group: 'validator',
      pod,
      role: 'validator',
      keys: { secret: `${name}-seeds`, secretKey: 'seed', keyPath: `//${pod}//{type}//g{generation}`, accountPath: `//${pod}`, keyTypes: RELAY_KEY_TYPES, generation },
    }),
  };
}

/** The node's account id (hex), from `seed + accountPath`. */
export async function accountOf(net: RelayNetwork, pod: string): Promise<string> {
  return u8aToHex((await testAccount(`${net.nodeSeed}//${pod}`)).publicKey);
}

/** The SCALE `SessionKeys` a generation should put on chain: public keys of `seed//pod//type//gN`, in runtime order. */
export function expectedSessionKeys(net: RelayNetwork, pod: string, generation: number): string {
  const scheme = new Map(RELAY_KEY_TYPES.map((k) => [k.type, k.scheme]));
  const keys = PASEO_SESSION_KEYS.map((type) => new Keyring({ type: scheme.get(type)! }).addFromUri(`${net.nodeSeed}//${pod}//${type}//g${generation}`).publicKey);
  return u8aToHex(u8aConcat(...keys));
}

/** `session.nextKeys(account)` as hex, or undefined. */
export async function nextKeysOf(api: ApiPromise, account: string): Promise<string | undefined> {
  const value = (await api.query.session!.nextKeys!(account)) as unknown as { isSome: boolean; unwrap(): { toHex(): string } };
  return value.isSome ? value.unwrap().toHex() : undefined;
}

/** Whether `account` is among `staking.validators` (validator intentions). */
export async function isStakingValidator(api: ApiPromise, account: string): Promise<boolean> {
  const keys = await api.query.staking!.validators!.keys();
  return keys.some((k) => u8aToHex(k.args[0]!.toU8a()) === account);
}

/** The nonce the chain's state holds for an account. */
export async function stateNonce(api: ApiPromise, address: string): Promise<number> {
  return ((await api.query.system!.account!(address)) as unknown as { nonce: { toNumber(): number } }).nonce.toNumber();
}
