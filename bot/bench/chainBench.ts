// Chain benchmark: registering N new validators (session keys + staking registration) on a
// fresh Paseo, the bot's way (`executePlan`: batched into as few sudo extrinsics as the weight
// and length limits allow) against the per-step baseline (one sudo extrinsic per step), each
// path on a chain of its own, in the same run. Both paths' outcomes are read back from the
// chain before any figure is returned. Called by scripts/bench.ts.
import type { ApiPromise } from '@polkadot/api';
import { query } from '../src/chain/access.js';
import { connect } from '../src/chain/connect.js';
import { executePlan } from '../src/chain/execute.js';
import { operatorPair, ready } from '../src/chain/keys.js';
import { runtimeFacts } from '../src/chain/metadata.js';
import { startChain, type ChainPeer } from '../src/peers/chain/index.js';
import type { PlannedNode } from '../src/plan/types.js';
import { MemoryJournal } from '../test/memoryJournal.js';
import { runPerStepBaseline } from './perStepBaseline.js';
import { BENCH_OPERATOR_FUNDS, BENCH_OPERATOR_URI, BENCH_SPEC, benchIdentities, benchNodes, benchSeeds, registrationSteps } from './registrationWork.js';
import { readRegistration, registrationShortfall } from './verifyRegistration.js';

export interface PathFigures {
  /** Extrinsics included, as counted by the operator's on-chain nonce. */
  extrinsics: number;
  /** Blocks built from the first submission until the last extrinsic was in. */
  blocks: number;
  /** Wall time: deriving keys, building and signing calls, submitting, building blocks. */
  ms: number;
  /** Nodes verified on chain as validators with their session keys queued. */
  nodes: number;
}

export interface RegistrationBench {
  /** The chain's runtime, e.g. `paseo 1001002`. */
  runtime: string;
  batched: PathFigures;
  /** The per-step baseline, on the first `baselineNodes` of the same nodes. */
  perStep: PathFigures;
}

interface BenchChain {
  peer: ChainPeer;
  api: ApiPromise;
}

/** A fresh relay chain whose sudo key is the bench operator, funded for fees. */
async function freshRelay(): Promise<BenchChain> {
  await ready();
  const operator = operatorPair(BENCH_OPERATOR_URI);
  const peer = await startChain({ runtime: 'relay', sudo: operator.address, logLevel: 'warn', maxLifetimeMs: 30 * 60_000 });
  try {
    await peer.fund(operator.address, BENCH_OPERATOR_FUNDS);
    return { peer, api: await connect(peer.wsUrl) };
  } catch (error) {
    await peer.stop();
    throw error;
  }
}

async function stopChain(chain: BenchChain): Promise<void> {
  await chain.api.disconnect().catch(() => undefined);
  await chain.peer.stop();
}

async function head(api: ApiPromise): Promise<number> {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

/** Extrinsics are counted on the chain, as the operator's nonce moving. */
async function operatorNonce(api: ApiPromise): Promise<number> {
  const info = (await query(api, 'system', 'account')(operatorPair(BENCH_OPERATOR_URI).address)) as unknown as { nonce: { toNumber(): number } };
  return info.nonce.toNumber();
}

/** Fails loudly, naming the nodes, unless every node's work is on the chain. */
async function verified(api: ApiPromise, nodes: PlannedNode[], path: string): Promise<number> {
  const identities = await benchIdentities(runtimeFacts(api), nodes);
  const shortfall = registrationShortfall(nodes.map((n) => n.pod), await readRegistration(api, identities));
  if (shortfall) throw new Error(`the ${path} path did not do its work on chain: ${shortfall}; its figures would be meaningless`);
  return nodes.length;
}

async function runBatched({ peer, api }: BenchChain, nodes: PlannedNode[]): Promise<PathFigures> {
  const plan = { network: BENCH_SPEC.name, steps: registrationSteps(nodes), notes: [] };
  const journal = new MemoryJournal();
  const entryId = 'bench@batched';
  await journal.record({ id: entryId, network: BENCH_SPEC.name, commit: 'bench', sequence: 1, plan });
  const [firstBlock, firstNonce] = [await head(api), await operatorNonce(api)];
  const start = performance.now();
  const result = await executePlan({ api, plan, spec: BENCH_SPEC, seeds: benchSeeds, journal, entryId, produceBlock: async () => void (await peer.newBlock()) });
  const ms = Math.round(performance.now() - start);
  const bad = result.steps.filter((s) => s.state !== 'included');
  if (bad.length > 0) throw new Error(`the batched path left ${bad.length} step(s) not included, first ${bad[0]!.stepId}: ${bad[0]!.state}${bad[0]!.note ? ` (${bad[0]!.note})` : ''}`);
  const extrinsics = (await operatorNonce(api)) - firstNonce;
  if (extrinsics !== result.extrinsics) throw new Error(`executePlan reported ${result.extrinsics} extrinsic(s) but the operator's nonce moved by ${extrinsics}: its count is wrong`);
  return { extrinsics, blocks: (await head(api)) - firstBlock, ms, nodes: await verified(api, nodes, 'batched') };
}

async function runPerStep({ peer, api }: BenchChain, nodes: PlannedNode[]): Promise<PathFigures> {
  const firstNonce = await operatorNonce(api);
  const run = await runPerStepBaseline({ api, dev: peer, steps: registrationSteps(nodes), timeoutMs: BASELINE_TIMEOUT_MS });
  const extrinsics = (await operatorNonce(api)) - firstNonce;
  if (extrinsics !== run.extrinsics) throw new Error(`the per-step baseline saw ${run.extrinsics} extrinsic(s) included but the operator's nonce moved by ${extrinsics}`);
  return { ...run, nodes: await verified(api, nodes, 'per-step baseline') };
}

/** A bound, not a budget: the baseline's node count is what keeps it short. */
const BASELINE_TIMEOUT_MS = 15 * 60_000;

export interface RegistrationBenchOptions {
  nodes: number;
  /**
   * Nodes the baseline registers (the first of the same nodes; default all). Every extrinsic
   * costs chopsticks 0.5 s (quiet machine) to 2 s (loaded) to validate and apply, so
   * `npm run bench` gives the baseline fewer nodes than the batched path to stay within minutes.
   */
  baselineNodes?: number;
}

/** Both paths, each on its own fresh chain (the two chains start in parallel). */
export async function benchRegistration(options: RegistrationBenchOptions): Promise<RegistrationBench> {
  const nodes = benchNodes(options.nodes);
  const baselineNodes = Math.min(options.baselineNodes ?? options.nodes, options.nodes);
  const started = await Promise.allSettled([freshRelay(), freshRelay()]);
  const chains = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  try {
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    const [a, b] = chains as [BenchChain, BenchChain];
    const batched = await runBatched(a, nodes);
    await stopChain(a);
    const perStep = await runPerStep(b, nodes.slice(0, baselineNodes));
    return { runtime: `${b.peer.specName} ${b.peer.specVersion}`, batched, perStep };
  } finally {
    await Promise.allSettled(chains.map(stopChain));
  }
}

// `npx tsx bot/bench/chainBench.ts [nodes] [baselineNodes]`: the raw figures as JSON.
if (import.meta.url === `file://${process.argv[1]}`) {
  const nodes = Number(process.argv[2] ?? 100);
  console.log(JSON.stringify(await benchRegistration({ nodes, baselineNodes: Number(process.argv[3] ?? nodes) })));
}
