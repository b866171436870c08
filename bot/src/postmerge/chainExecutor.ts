// The real chain side of the post-merge run: connect to the network's RPC (and its relay when
// the plan needs it), hand the seeds over as they are read from their Secrets, and let
// `executePlan` resolve, batch, submit and journal the steps. Connections are always closed.
import type { ApiPromise } from '@polkadot/api';
import { connect } from '../chain/connect.js';
import { executePlan } from '../chain/execute.js';
import { sessionKeysVia } from '../chain/metadata.js';
import { nodeRpcUrl, rotateKeysOnNode } from '../chain/rotateKeys.js';
import type { SeedSource as ChainSeedSource } from '../chain/identity.js';
import type { SeedSource } from '../cluster/seeds.js';
import type { JournalEntry } from '../journal/types.js';
import type { NetworkSpec } from '../model/networkFile.js';
import type { ChainExecutor, ExecuteRequest } from './types.js';

export interface PolkadotExecutorDeps {
  /** network.yaml of a network as of the entry's commit. */
  specOf(network: string, entry: JournalEntry): Promise<NetworkSpec>;
  seeds: SeedSource;
  connectTimeoutMs?: number;
  /** Chains that build blocks only when asked (test chains): passed on to `executePlan`. */
  produceBlock?: (api: ApiPromise) => Promise<void>;
  /** Bound on one plan's execution (default 15 min). */
  timeoutMs?: number;
}

/** The chain's Secret reader in the shape `executePlan` asks for. */
export function chainSeeds(seeds: SeedSource): ChainSeedSource {
  return (secret, key, namespace) => seeds.read({ namespace, secret, key });
}

/** Does this plan need the relay chain (onboarding, offboarding, root through XCM)? */
export function needsRelay(spec: NetworkSpec, entry: JournalEntry): boolean {
  if (!spec.chain.relay) return false;
  return spec.operator.root === 'relay-xcm' || entry.plan.steps.some((s) => s.kind === 'onboard-parachain' || s.kind === 'offboard-parachain');
}

export class PolkadotChainExecutor implements ChainExecutor {
  constructor(private readonly deps: PolkadotExecutorDeps) {}

  async execute({ entry, journal }: ExecuteRequest): Promise<void> {
    // `executePlan` reads the journal itself: `submitted` steps are resolved from the chain,
    // `planned` ones re-checked before they are batched (the request's lists say the same).
    const spec = await this.deps.specOf(entry.plan.network, entry);
    const relaySpec = needsRelay(spec, entry) ? await this.deps.specOf(spec.chain.relay!, entry) : undefined;
    const opened: ApiPromise[] = [];
    try {
      const api = await connect(spec.chain.rpc, this.deps.connectTimeoutMs);
      opened.push(api);
      let relay: { api: ApiPromise; spec: NetworkSpec } | undefined;
      if (relaySpec) {
        const relayApi = await connect(relaySpec.chain.rpc, this.deps.connectTimeoutMs);
        opened.push(relayApi);
        relay = { api: relayApi, spec: relaySpec };
      }
      await executePlan({
        api,
        plan: entry.plan,
        spec,
        seeds: chainSeeds(this.deps.seeds),
        journal,
        entryId: entry.id,
        ...(relay ? { relay } : {}),
        ...(sessionKeysVia(spec) === 'rotate-rpc' && spec.registration.nodeRpc
          ? { rotateKeys: (node, owner) => rotateKeysOnNode(nodeRpcUrl(spec.registration.nodeRpc!, node), owner) }
          : {}),
        ...(this.deps.produceBlock ? { produceBlock: this.deps.produceBlock } : {}),
        timeoutMs: this.deps.timeoutMs ?? 15 * 60_000,
      });
    } finally {
      await Promise.all(opened.map((api) => api.disconnect().catch(() => undefined)));
    }
  }
}
