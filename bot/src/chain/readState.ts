import type { ApiPromise } from '@polkadot/api';
import type { ActualNetworkState, ActualNode } from '../plan/planNetwork.js';
import { hasQuery, konst, query, tx } from './access.js';
import type { NodeIdentity } from './identity.js';
import type { RuntimeFacts } from './metadata.js';
import { validatorVia } from './metadata.js';

// Read what the chain holds for the planned nodes: registered or not, and which key generation
// (if any of ours) is set. One storage read per registry, one `session.nextKeys` per node.

function hex(api: ApiPromise, account: unknown): string {
  return api.createType('AccountId', account).toHex();
}

/** Accounts registered as validators (staking intentions, or the validatorManager set). */
export async function registeredValidators(api: ApiPromise, facts: RuntimeFacts): Promise<Set<string>> {
  if (validatorVia(facts) === 'validatorManager') {
    const [current, toAdd, toRetire] = await Promise.all([
      query(api, 'session', 'validators')(),
      query(api, 'validatorManager', 'validatorsToAdd')(),
      query(api, 'validatorManager', 'validatorsToRetire')(),
    ]);
    const retire = new Set((toRetire as unknown as unknown[]).map((a) => hex(api, a)));
    const all = [...(current as unknown as unknown[]), ...(toAdd as unknown as unknown[])].map((a) => hex(api, a));
    return new Set(all.filter((a) => !retire.has(a)));
  }
  const keys = await query(api, 'staking', 'validators').keys();
  return new Set(keys.map((k) => hex(api, k.args[0])));
}

/** Candidates of collator selection (`candidateList` in newer pallets, `candidates` in older). */
export async function registeredCandidates(api: ApiPromise): Promise<Set<string>> {
  const q = api.query.collatorSelection;
  const list = (q?.candidateList ?? q?.candidates) as (() => Promise<unknown>) | undefined;
  if (!list) return new Set();
  const value = (await list()) as unknown as { who: unknown }[];
  return new Set(value.map((c) => hex(api, c.who)));
}

export async function invulnerables(api: ApiPromise): Promise<string[]> {
  const value = (await query(api, 'collatorSelection', 'invulnerables')()) as unknown as unknown[];
  return value.map((a) => hex(api, a));
}

/** The session keys queued for an account (`session.nextKeys`), as hex; undefined when none. */
export async function nextKeys(api: ApiPromise, accountHex: string): Promise<string | undefined> {
  const value = (await query(api, 'session', 'nextKeys')(accountHex)) as unknown as { isSome: boolean; unwrap(): { toHex(): string } };
  return value.isSome ? value.unwrap().toHex() : undefined;
}

/** Which of our generations (1 … current) the on-chain keys are; undefined when none or foreign. */
export function matchGeneration(onChain: string | undefined, identity: NodeIdentity, upTo: number): number | undefined {
  if (!onChain) return undefined;
  for (let g = upTo; g >= 1; g--) if (identity.sessionKeys(g).hex === onChain) return g;
  return undefined;
}

export async function registeredFor(api: ApiPromise, facts: RuntimeFacts, role: 'validator' | 'collator', collatorMode: 'invulnerable' | 'candidate'): Promise<Set<string>> {
  if (role === 'validator') return registeredValidators(api, facts);
  return collatorMode === 'candidate' ? registeredCandidates(api) : new Set(await invulnerables(api));
}

export async function readActualState(
  api: ApiPromise,
  facts: RuntimeFacts,
  identities: NodeIdentity[],
  collatorMode: 'invulnerable' | 'candidate',
  paraOnboarded?: boolean,
): Promise<ActualNetworkState> {
  const roles = [...new Set(identities.map((i) => i.node.role))];
  const registries = new Map(await Promise.all(roles.map(async (r) => [r, await registeredFor(api, facts, r, collatorMode)] as const)));
  const nodes: ActualNode[] = await Promise.all(
    identities.map(async (id) => {
      const keysGeneration = matchGeneration(await nextKeys(api, id.accountHex), id, id.node.keys.generation);
      return { node: id.node, registered: registries.get(id.node.role)!.has(id.accountHex), ...(keysGeneration !== undefined ? { keysGeneration } : {}) };
    }),
  );
  return { source: 'chain', nodes, ...(paraOnboarded !== undefined ? { paraOnboarded } : {}) };
}

/** `paras.paraLifecycles(id)` as text (`Onboarding`, `Parathread`, `Parachain`, …); undefined when unknown. */
export async function paraLifecycle(relay: ApiPromise, paraId: number): Promise<string | undefined> {
  const value = (await query(relay, 'paras', 'paraLifecycles')(paraId)) as unknown as { isSome: boolean; unwrap(): { type: string } };
  return value.isSome ? value.unwrap().type : undefined;
}
