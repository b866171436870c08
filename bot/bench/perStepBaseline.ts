// The baseline of the chain benchmark: what an operator does without the bot. One sudo
// extrinsic per step (per node: the registration, then the session keys, since staking takes
// keys only from a bonded stash), signed with consecutive nonces, all put into the pool, and
// blocks built until every one is in. The calls are the bot's own (`buildUnit`), so both paths
// do the same on-chain work; only the packaging differs.
import type { ApiPromise } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import { tx } from '../src/chain/access.js';
import { buildUnit, type Call, type CallContext } from '../src/chain/calls.js';
import { extrinsicOutcome } from '../src/chain/errors.js';
import { operatorPair, ready } from '../src/chain/keys.js';
import { runtimeFacts } from '../src/chain/metadata.js';
import type { OnChainStep } from '../src/plan/types.js';
import { stepId } from '../src/plan/types.js';
import type { ChainDev } from '../src/peers/chain/index.js';
import { BENCH_OPERATOR_URI, benchIdentities, nodesOf } from './registrationWork.js';

export interface BaselineRun {
  extrinsics: number;
  blocks: number;
  ms: number;
}

interface Pending {
  step: OnChainStep;
  hex: `0x${string}`;
  hash: `0x${string}`;
}

/** Pure: the baseline's submission order — per node its registration first, then its keys. */
export function perStepOrder(steps: OnChainStep[]): OnChainStep[] {
  const rank = (s: OnChainStep) => (s.kind === 'register-validator' ? 0 : 1);
  return nodesOf(steps).flatMap((node) => steps.filter((s) => 'node' in s && s.node.pod === node.pod).sort((a, b) => rank(a) - rank(b)));
}

async function blockEvents(api: ApiPromise, blockHash: string) {
  return (await (await api.at(blockHash)).query.system!.events!()) as unknown as { phase: { isApplyExtrinsic: boolean; asApplyExtrinsic: { toNumber(): number } }; event: never }[];
}

/** Timed from here on, like `executePlan` in the batched path: deriving keys, building, signing, blocks. */
export async function runPerStepBaseline(options: { api: ApiPromise; dev: ChainDev; steps: OnChainStep[]; timeoutMs: number }): Promise<BaselineRun> {
  const { api, dev } = options;
  const start = performance.now();
  const deadline = start + options.timeoutMs;
  const firstBlock = (await api.rpc.chain.getHeader()).number.toNumber();
  await ready();
  const facts = runtimeFacts(api);
  const operator = operatorPair(BENCH_OPERATOR_URI);
  const byPod = new Map((await benchIdentities(facts, nodesOf(options.steps))).map((id) => [id.node.pod, id]));
  const ctx: CallContext = { api, facts, root: true, identity: (pod) => byPod.get(pod)!, operatorHex: u8aToHex(operator.publicKey) };

  // Build and sign every extrinsic, consecutive nonces, then hand them all to the pool.
  let nonce = (await api.rpc.system.accountNextIndex(operator.address)).toNumber();
  const pending: Pending[] = [];
  for (const step of perStepOrder(options.steps)) {
    const { unit } = await buildUnit(ctx, step);
    const call: Call = tx(api, 'sudo', 'sudo')(unit.call);
    const signed = await call.signAsync(operator, { nonce: nonce++, era: 0 });
    pending.push({ step, hex: signed.toHex(), hash: signed.hash.toHex() });
  }
  const submit = async (list: Pending[]) => {
    for (const p of list) await api.rpc.author.submitExtrinsic(p.hex);
  };
  await submit(pending);

  // Build blocks until all are in. chopsticks drops (rather than keeps) what a block had no
  // room for, so what is neither included nor pooled any more is put back, like a node's pool would keep it.
  const included = new Set<string>();
  const failures: string[] = [];
  while (included.size < pending.length) {
    if (performance.now() > deadline) throw new Error(`the per-step baseline did not get its ${pending.length} extrinsics in within ${options.timeoutMs} ms (${included.size} are in): run it on fewer nodes`);
    const number = await dev.newBlock();
    const blockHash = (await api.rpc.chain.getBlockHash(number)).toHex();
    const block = await api.rpc.chain.getBlock(blockHash);
    const hashes: string[] = block.block.extrinsics.map((x) => x.hash.toHex());
    const events = await blockEvents(api, blockHash);
    for (const p of pending) {
      const index = hashes.indexOf(p.hash);
      if (index < 0) continue;
      included.add(p.hash);
      const outcome = extrinsicOutcome(api, events.filter((e) => e.phase.isApplyExtrinsic && e.phase.asApplyExtrinsic.toNumber() === index));
      const failedAs = outcome.dispatchedAs.find((e) => e !== undefined);
      if (!outcome.ok || failedAs) failures.push(`${stepId(p.step)}: ${outcome.error ?? failedAs}`);
    }
    if (failures.length > 0) throw new Error(`the per-step baseline's extrinsics failed on chain, ${failures.length} of them, first ${failures[0]}: the benchmark measured nothing`);
    const pooled = new Set(((await api.rpc.author.pendingExtrinsics()) as unknown as { hash: { toHex(): string } }[]).map((x) => x.hash.toHex()));
    const lost = pending.filter((p) => !included.has(p.hash) && !pooled.has(p.hash));
    if (lost.length > 0) await submit(lost);
  }
  const ms = Math.round(performance.now() - start);
  const head = (await api.rpc.chain.getHeader()).number.toNumber();
  return { extrinsics: included.size, blocks: head - firstBlock, ms };
}
