// The on-chain work both paths of the chain benchmark do: N new validators on a fresh Paseo,
// each with session keys (generation 1) and a staking registration, planned the way
// `planNetwork` plans a new validator. Pure data: same nodes, same steps, same spec for both.
import { blake2AsHex } from '@polkadot/util-crypto';
import { identify, type NodeIdentity, type SeedSource } from '../src/chain/identity.js';
import { sessionKeyOrder, type RuntimeFacts } from '../src/chain/metadata.js';
import type { NetworkSpec } from '../src/model/networkFile.js';
import type { OnChainStep, PlannedNode, SessionKeyType } from '../src/plan/types.js';
import { PASEO_SESSION_KEY_ORDER } from '../test/relayNetwork.js';

/** The operator that holds sudo on the bench chains (a derivation only the benchmark uses). */
export const BENCH_OPERATOR_URI = '//substrate-gitops//bench-operator';
/**
 * Seed the bench nodes' accounts and session keys are derived from: a hex seed, computed here.
 * From a mnemonic (or a `//` dev URI) every derived key would first stretch the phrase (PBKDF2,
 * ~30 ms): 8 keys × 100 nodes ≈ 25 s on both paths, which is not what this benchmark compares.
 */
export const BENCH_NODE_SEED = blake2AsHex('substrate-gitops chain benchmark nodes', 256);
/** Operator balance on a fresh chain: fees only (sudo mints the validators' bonds). */
export const BENCH_OPERATOR_FUNDS = 10n ** 16n;

const NETWORK = 'bench';
const OPERATOR_SECRET = 'bench-operator';
const NODE_SECRET = 'bench-nodes';

/** Paseo's SessionKeys, as a network's manifests declare them. */
const KEY_TYPES: SessionKeyType[] = PASEO_SESSION_KEY_ORDER;

export const BENCH_SPEC = {
  apiVersion: 'substrate-gitops.io/v1alpha1',
  kind: 'Network',
  name: NETWORK,
  chain: { name: 'paseo', kind: 'relay', rpc: 'ws://127.0.0.1' },
  operator: { seedSecret: { name: OPERATOR_SECRET }, root: 'sudo' },
  registration: { validators: 'register' },
} as NetworkSpec;

/** The Secrets the executor would read, answered from the two constants above. */
export const benchSeeds: SeedSource = async (secret) => {
  if (secret === OPERATOR_SECRET) return BENCH_OPERATOR_URI;
  if (secret === NODE_SECRET) return BENCH_NODE_SEED;
  throw new Error(`the chain benchmark has no Secret named ${secret}`);
};

export function benchNodes(count: number): PlannedNode[] {
  return Array.from({ length: count }, (_, i) => {
    const pod = `validator-${i}`;
    return {
      network: NETWORK,
      group: 'validator',
      pod,
      role: 'validator' as const,
      keys: { secret: NODE_SECRET, secretKey: 'seed', keyPath: `//${pod}//{type}//g{generation}`, accountPath: `//${pod}`, keyTypes: KEY_TYPES, generation: 1 },
    };
  });
}

/** Per node, in `planNetwork`'s order: session keys, then the registration. */
export function registrationSteps(nodes: PlannedNode[]): OnChainStep[] {
  return nodes.flatMap((node): OnChainStep[] => [
    { kind: 'set-session-keys', node, toGeneration: 1, reason: 'new-node' },
    { kind: 'register-validator', node },
  ]);
}

/** The nodes' accounts and keys, derived in the live runtime's SessionKeys order. */
export async function benchIdentities(facts: RuntimeFacts, nodes: PlannedNode[]): Promise<NodeIdentity[]> {
  return Promise.all(nodes.map((node) => identify(node, benchSeeds, sessionKeyOrder(facts, node.keys.keyTypes, node.group))));
}

/** The distinct nodes the steps touch, in first-seen order. */
export function nodesOf(steps: OnChainStep[]): PlannedNode[] {
  const nodes = new Map<string, PlannedNode>();
  for (const s of steps) if ('node' in s && !nodes.has(s.node.pod)) nodes.set(s.node.pod, s.node);
  return [...nodes.values()];
}
