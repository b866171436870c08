import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import type { Journal, StepState } from '../journal/types.js';
import type { NetworkSpec } from '../model/networkFile.js';
import type { OnChainPlan, OnChainStep, PlannedNode } from '../plan/types.js';
import { stepId } from '../plan/types.js';
import { REPO_ROOT } from '../tools/cache.js';
import { konst, tx } from './access.js';
import { splitIntoBatches, type BatchLimits, type Sized, type Weight } from './batch.js';
import { buildUnit, fundingsByNode, type CallContext, type Funding, type Unit } from './calls.js';
import { ChainError } from './errors.js';
import { readParaGenesis, type ParaGenesis } from './genesis.js';
import { identify, type NodeIdentity, type SeedSource } from './identity.js';
import { operatorPair, ready } from './keys.js';
import { hasCall, rootVia, runtimeFacts, sessionKeyOrder, sessionKeysVia, setKeysProofKind, validatorVia, type RuntimeFacts } from './metadata.js';
import { matchGeneration, nextKeys, paraLifecycle, registeredFor } from './readState.js';
import type { RotatedKeys } from './rotateKeys.js';
import { partitionInFlight, type InFlight } from './inFlight.js';
import { accountNonce, findIncluded, onChainNonce, submitOnce, type Included } from './submit.js';
import { desiredCandidatesFor, readCandidacy } from './candidacy.js';
import { stepShows, waitForParaState } from './paraEffects.js';
import { relayRoot, type RelayRoot } from './relayXcm.js';

// After merge: converge the chain to the plan. Every step is re-checked against the chain
// first (already done → skipped with a note), then the remaining steps are batched into as few
// operator extrinsics as the runtime allows, journaled as `submitted` once signed, broadcast,
// and resolved from their events. A `submitted` step from an earlier run is resolved by finding
// its extrinsic; one whose nonce is still unused may yet land, so it is signed again with that
// same nonce (see inFlight.ts); otherwise the chain is re-read: nothing is ever applied twice.

export interface ExecuteOptions {
  /** The chain the plan runs on. */
  api: ApiPromise;
  plan: OnChainPlan;
  spec: NetworkSpec;
  seeds: SeedSource;
  journal: Journal;
  entryId: string;
  /** The relay chain, for `operator.root: relay-xcm` and for onboarding a parachain. */
  relay?: { api: ApiPromise; spec: NetworkSpec };
  /**
   * `sessionKeys: rotate-rpc`: ask the node itself for new keys (`author_rotateKeys`, or with
   * `ownerHex` — runtimes that verify ownership — `author_rotateKeysWithOwner`).
   */
  rotateKeys?: (node: PlannedNode, ownerHex?: string) => Promise<RotatedKeys>;
  /** Chains that build blocks on demand (test chains): called while waiting for inclusion. */
  produceBlock?: (api: ApiPromise) => Promise<void>;
  repoRoot?: string;
  timeoutMs?: number;
  /** How long to wait for the para to show what the relay sent it as XCM (default 2 min). */
  paraEffectTimeoutMs?: number;
}

export interface StepResult {
  stepId: string;
  state: StepState['state'];
  note?: string;
  extrinsicHash?: string;
  blockNumber?: number;
}

export interface ExecuteResult {
  steps: StepResult[];
  /** Extrinsics this run broadcast (funding included). */
  extrinsics: number;
}

const now = () => new Date().toISOString();

/** Pure: how a node's keys reach the chain (`rotate-rpc` needs a way to reach the node). */
export function keysSourceFor(spec: Pick<NetworkSpec, 'registration'>, canRotate: boolean): 'derive' | 'rotate-rpc' {
  const via = sessionKeysVia(spec);
  if (via === 'rotate-rpc' && !canRotate) {
    throw new ChainError('network.yaml says `sessionKeys: rotate-rpc` but the executor was given no way to call the node\'s `author_rotateKeys`');
  }
  return via;
}

function limitsOf(api: ApiPromise): BatchLimits {
  const weights = konst(api, 'system', 'blockWeights').toJSON() as { perClass: { normal: { maxExtrinsic: unknown } }; maxBlock: unknown };
  const toWeight = (w: unknown): Weight =>
    typeof w === 'object' && w !== null && 'refTime' in w
      ? { refTime: BigInt((w as { refTime: number | string }).refTime), proofSize: BigInt((w as unknown as { proofSize: number | string }).proofSize) }
      : { refTime: BigInt(w as number), proofSize: 2n ** 63n };
  const maxExtrinsic = weights.perClass.normal.maxExtrinsic ?? weights.maxBlock;
  const length = konst(api, 'system', 'blockLength').toJSON() as { max: { normal: number } };
  return { maxExtrinsicWeight: toWeight(maxExtrinsic), maxLength: length.max.normal };
}

async function weightOf(api: ApiPromise, unit: Unit, address: string, cache: Map<string, Weight>): Promise<Weight> {
  const known = cache.get(unit.weightKey);
  if (known) return known;
  const info = await unit.call.paymentInfo(address);
  const w = info.weight as unknown as { refTime?: { toBigInt(): bigint }; proofSize?: { toBigInt(): bigint }; toBigInt?(): bigint };
  const weight: Weight = w.refTime ? { refTime: w.refTime.toBigInt(), proofSize: w.proofSize!.toBigInt() } : { refTime: w.toBigInt!(), proofSize: 0n };
  cache.set(unit.weightKey, weight);
  return weight;
}

export async function executePlan(options: ExecuteOptions): Promise<ExecuteResult> {
  await ready();
  const { api, plan, spec, journal, entryId } = options;
  const facts = runtimeFacts(api);
  const results = new Map<string, StepResult>();
  let extrinsics = 0;
  const record = async (id: string, state: StepState) => {
    await journal.update(entryId, (e) => ({ ...e, steps: { ...e.steps, [id]: state } }));
    const r: StepResult = { stepId: id, state: state.state };
    if (state.state === 'skipped') r.note = state.note;
    if (state.state === 'failed') r.note = state.reason;
    if ('extrinsicHash' in state) r.extrinsicHash = state.extrinsicHash;
    if (state.state === 'included') r.blockNumber = state.blockNumber;
    results.set(id, r);
  };
  /** One journal write for a whole batch: a crash leaves all of it signed, or none. */
  const recordSigned = async (ids: string[], state: Extract<StepState, { state: 'submitted' }>) => {
    await journal.update(entryId, (e) => ({ ...e, steps: { ...e.steps, ...Object.fromEntries(ids.map((id) => [id, state])) } }));
    for (const id of ids) results.set(id, { stepId: id, state: 'submitted', extrinsicHash: state.extrinsicHash });
  };

  // Identities (account + keys) of every node the plan touches; seeds stay in memory.
  const identities = new Map<string, NodeIdentity>();
  for (const step of plan.steps) {
    if (!('node' in step) || identities.has(step.node.pod)) continue;
    const order = sessionKeyOrder(facts, step.node.keys.keyTypes, step.node.group);
    identities.set(step.node.pod, await identify(step.node, options.seeds, order));
  }
  const identity = (pod: string) => identities.get(pod)!;

  const root = rootVia(facts, spec) === 'sudo';
  const viaRelay = !root && spec.operator.root === 'relay-xcm';
  const operatorSeed = await options.seeds(spec.operator.seedSecret.name, spec.operator.seedSecret.key ?? 'seed', spec.name);
  const operator = operatorPair(operatorSeed);
  let relayOperator: KeyringPair | undefined;
  let relayFacts: RuntimeFacts | undefined;
  if (viaRelay || plan.steps.some((s) => s.kind === 'onboard-parachain' || s.kind === 'offboard-parachain')) {
    if (options.relay) {
      relayFacts = runtimeFacts(options.relay.api);
      const r = options.relay.spec.operator.seedSecret;
      relayOperator = operatorPair(await options.seeds(r.name, r.key ?? 'seed', options.relay.spec.name));
    }
  }

  // 1. Resolve what an earlier run left `submitted`.
  const entry = await journal.get(entryId);
  if (!entry) throw new ChainError(`journal entry ${entryId} is missing: record the plan before executing it`);
  const pending: OnChainStep[] = [];
  const inFlight = new Map<string, InFlight>();
  for (const step of plan.steps) {
    const id = stepId(step);
    const state = entry.steps[id] ?? { state: 'planned' as const };
    if (state.state === 'included' || state.state === 'skipped' || state.state === 'failed') {
      results.set(id, { stepId: id, state: state.state, ...('extrinsicHash' in state ? { extrinsicHash: state.extrinsicHash } : {}) });
      continue;
    }
    if (state.state === 'submitted') {
      const chainApi = state.signer === relayOperator?.address && options.relay ? options.relay.api : api;
      const head = (await chainApi.rpc.chain.getHeader()).number.toNumber();
      const hashes = [state.extrinsicHash, ...(state.earlierHashes ?? [])];
      const found = await findIncluded(chainApi, hashes, head - 256);
      if (found?.outcome.ok) {
        await record(id, { state: 'included', extrinsicHash: found.extrinsicHash, blockHash: found.blockHash, blockNumber: found.blockNumber, at: now() });
        continue;
      }
      if (!found && (await onChainNonce(chainApi, state.signer)) <= state.nonce) inFlight.set(id, { signer: state.signer, nonce: state.nonce, hashes });
      // Otherwise (failed, or its nonce went to something else): the chain decides below.
    }
    pending.push(step);
  }

  // 2. Re-read the chain: skip what is already true.
  const todo: OnChainStep[] = [];
  const registries = new Map<string, Set<string>>();
  const registry = async (role: 'validator' | 'collator', mode: 'invulnerable' | 'candidate') => {
    const key = `${role}:${mode}`;
    if (!registries.has(key)) registries.set(key, await registeredFor(api, facts, role, mode));
    return registries.get(key)!;
  };
  for (const step of pending) {
    const note = await alreadyDone(step);
    if (note) await record(stepId(step), { state: 'skipped', note, at: now() });
    else todo.push(step);
  }
  async function alreadyDone(step: OnChainStep): Promise<string | undefined> {
    switch (step.kind) {
      case 'set-session-keys': {
        const id = identity(step.node.pod);
        const onChain = await nextKeys(api, id.accountHex);
        if (sessionKeysVia(spec) === 'rotate-rpc') {
          // Keys the node made cannot be told apart by generation: a new node that has keys is
          // done; a rotation is done once (the journal keeps it from running twice).
          return step.reason === 'new-node' && onChain ? `\`${step.node.pod}\` already has session keys on chain` : undefined;
        }
        const g = matchGeneration(onChain, id, step.toGeneration);
        return g === step.toGeneration ? `session keys of \`${step.node.pod}\` are already generation ${g}` : undefined;
      }
      case 'register-validator':
      case 'deregister-validator': {
        const has = (await registry('validator', 'invulnerable')).has(identity(step.node.pod).accountHex);
        if (step.kind === 'register-validator') return has ? `\`${step.node.pod}\` is already a registered validator` : undefined;
        return has ? undefined : `\`${step.node.pod}\` is not a registered validator: nothing to deregister`;
      }
      case 'register-collator':
      case 'deregister-collator': {
        const has = (await registry('collator', step.mode)).has(identity(step.node.pod).accountHex);
        if (step.kind === 'register-collator') return has ? `\`${step.node.pod}\` is already a collator (${step.mode})` : undefined;
        return has ? undefined : `\`${step.node.pod}\` is not a collator (${step.mode}): nothing to remove`;
      }
      case 'onboard-parachain':
      case 'offboard-parachain': {
        const relayApi = options.relay?.api ?? api;
        const lifecycle = await paraLifecycle(relayApi, step.paraId);
        if (step.kind === 'onboard-parachain') return lifecycle ? `para ${step.paraId} is already known to the relay chain (${lifecycle})` : undefined;
        return lifecycle ? undefined : `para ${step.paraId} is not known to the relay chain: nothing to offboard`;
      }
    }
  }

  // 3. Build the calls from the live runtime.
  const rotated = new Map<string, RotatedKeys>();
  if (keysSourceFor(spec, options.rotateKeys !== undefined) === 'rotate-rpc') {
    const withOwner = setKeysProofKind(facts) === 'ownership';
    for (const step of todo) {
      if (step.kind === 'set-session-keys') rotated.set(step.node.pod, await options.rotateKeys!(step.node, withOwner ? identity(step.node.pod).accountHex : undefined));
    }
  }
  const onChainRelay = todo.filter((s) => s.kind === 'onboard-parachain' || s.kind === 'offboard-parachain');
  const onChainSelf = todo.filter((s) => s.kind !== 'onboard-parachain' && s.kind !== 'offboard-parachain');
  const paraGenesis = new Map<number, ParaGenesis>();
  for (const s of onChainRelay) if (s.kind === 'onboard-parachain') paraGenesis.set(s.paraId, await readParaGenesis(s.genesis, options.repoRoot ?? REPO_ROOT));

  const ctx: CallContext = { api, facts, root, identity, rotatedKeys: rotated, operatorHex: u8aToHex(operator.publicKey) };
  const units: Unit[] = [];
  const fundings: Funding[] = [];
  for (const step of onChainSelf) {
    const { unit, funding } = await buildUnit(ctx, step);
    units.push(unit);
    if (funding) fundings.push(funding);
  }

  // Waiting for finality is the default (`chain.finality: false` for chains without GRANDPA):
  // a step is journaled `included` only once its block cannot be reverted.
  const finalityOf = (chain: ApiPromise) => (chain === api || !options.relay ? spec : options.relay.spec).chain.finality !== false;

  const submitBatch = async (chain: ApiPromise, signer: KeyringPair, batchUnits: Unit[], wrap: (calls: Unit['call'][]) => Unit['call'], nonce: number, earlierHashes: string[] = []) => {
    const call = wrap(batchUnits.map((u) => u.call));
    extrinsics++;
    let included: Included;
    try {
      included = await submitOnce({
        api: chain,
        signer,
        call,
        nonce,
        alsoKnownAs: earlierHashes,
        finality: finalityOf(chain),
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.produceBlock ? { produceBlock: () => options.produceBlock!(chain) } : {}),
        onSigned: (extrinsicHash, n) =>
          recordSigned(
            batchUnits.map((u) => u.stepId),
            { state: 'submitted', extrinsicHash, nonce: n, signer: signer.address, at: now(), ...(earlierHashes.length > 0 ? { earlierHashes } : {}) },
          ),
      });
    } catch (error) {
      for (const u of batchUnits) await record(u.stepId, { state: 'failed', reason: (error as Error).message, at: now() });
      return;
    }
    const { outcome } = included;
    let k = 0;
    for (const u of batchUnits) {
      const inner = outcome.dispatchedAs.slice(k, k + u.dispatchedAs).find((e) => e !== undefined);
      k += u.dispatchedAs;
      const reason = !outcome.ok ? outcome.error : inner;
      if (reason) await record(u.stepId, { state: 'failed', reason, at: now() });
      else await record(u.stepId, { state: 'included', extrinsicHash: included.extrinsicHash, blockHash: included.blockHash, blockNumber: included.blockNumber, at: now() });
    }
  };

  const runRootLane = async (chain: ApiPromise, signer: KeyringPair, laneUnits: Unit[], wrap: (calls: Unit['call'][]) => Unit['call']) => {
    const { groups, fresh } = partitionInFlight(laneUnits, inFlight, signer.address);
    for (const g of groups) await submitBatch(chain, signer, g.units, wrap, g.nonce, g.hashes);
    if (fresh.length === 0) return;
    const cache = new Map<string, Weight>();
    const sized: Sized[] = [];
    for (const u of fresh) sized.push({ weight: await weightOf(chain, u, signer.address, cache), length: u.call.encodedLength });
    // Batches go one after another, each with the nonce the node gives next (its pool counted):
    // a batch the pool refused leaves no gap for the next one to wait behind.
    for (const group of splitIntoBatches(sized, limitsOf(chain))) {
      await submitBatch(chain, signer, group.map((i) => fresh[i]!), wrap, await accountNonce(chain, signer.address));
    }
  };

  // 4. Funding for nodes that sign for themselves, by the operator (not journaled: re-checked by balance).
  if (fundings.length > 0) {
    const transfer = (f: Funding) => tx(api, 'balances', 'transferKeepAlive')(f.node.accountHex, f.amount);
    const perNode = fundingsByNode(fundings);
    const call = perNode.length === 1 ? transfer(perNode[0]!) : tx(api, 'utility', 'batchAll')(perNode.map(transfer));
    extrinsics++;
    const funded = await submitOnce({ api, signer: operator, call, nonce: await accountNonce(api, operator.address), finality: finalityOf(api), onSigned: async () => undefined, ...(options.produceBlock ? { produceBlock: () => options.produceBlock!(api) } : {}) });
    if (!funded.outcome.ok) throw new ChainError(`funding node accounts failed: ${funded.outcome.error}`);
  }

  // Root on a para without sudo: the relay's sudo sends XCM Transact (Superuser); read once.
  let relayRootOnce: Promise<RelayRoot> | undefined;
  const viaRelayRoot = (what: string[]) => {
    if (!viaRelay || !options.relay || !relayOperator || !relayFacts) {
      throw new ChainError(`${spec.name} has no sudo and no relay connection for operator.root: relay-xcm was given: cannot run ${what.join(', ')}`);
    }
    relayRootOnce ??= relayRoot(options.relay.api, relayFacts, api, facts, spec.chain.paraId!);
    return relayRootOnce;
  };
  const paraEffect = {
    timeoutMs: options.paraEffectTimeoutMs ?? 120_000,
    ...(options.produceBlock ? { produceBlock: () => options.produceBlock!(api) } : {}),
  };

  // 4b. Room for new collator candidates: root raises desiredCandidates first (not journaled:
  // re-read on every run). When it cannot, the candidates it was for fail with the reason.
  const joining = todo.filter((s) => s.kind === 'register-collator' && s.mode === 'candidate').map(stepId);
  if (joining.length > 0 && hasCall(facts, 'collatorSelection', 'setDesiredCandidates')) {
    const want = desiredCandidatesFor(await readCandidacy(api), joining.length);
    if (want !== undefined) {
      try {
        const call = tx(api, 'collatorSelection', 'setDesiredCandidates')(want);
        const relay = root ? undefined : await viaRelayRoot(joining);
        const chain = relay ? options.relay!.api : api;
        const signer = relay ? relayOperator! : operator;
        extrinsics++;
        const raised = await submitOnce({
          api: chain,
          signer,
          call: relay ? relay.wrap([call]) : tx(api, 'sudo', 'sudo')(call),
          nonce: await accountNonce(chain, signer.address),
          onSigned: async () => undefined,
          ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
          ...(options.produceBlock ? { produceBlock: () => options.produceBlock!(chain) } : {}),
        });
        if (!raised.outcome.ok) throw new ChainError(relay ? relay.explain(raised.outcome.error ?? 'failed') : (raised.outcome.error ?? 'failed'));
        if (relay) await waitForParaState(`collatorSelection.desiredCandidates is at least ${want}`, async () => (await readCandidacy(api)).desired >= want, paraEffect);
      } catch (error) {
        const reason = `collatorSelection.desiredCandidates must be raised to ${want} before a candidate can register, and that failed: ${(error as Error).message}`;
        for (const id of joining) await record(id, { state: 'failed', reason, at: now() });
        for (let i = units.length - 1; i >= 0; i--) if (joining.includes(units[i]!.stepId)) units.splice(i, 1);
      }
    }
  }

  const batchAll = (chain: ApiPromise) => (calls: Unit['call'][]) => (calls.length === 1 ? calls[0]! : tx(chain, 'utility', 'batchAll')(calls));

  // 5. Nodes that sign for themselves: one atomic batch per node. Before the root lane: root
  // calls may need what nodes set themselves (an invulnerable must have session keys).
  const byNode = new Map<string, Unit[]>();
  for (const u of units.filter((x) => x.lane === 'node')) byNode.set(u.node!.node.pod, [...(byNode.get(u.node!.node.pod) ?? []), u]);
  for (const nodeUnits of byNode.values()) {
    const signer = nodeUnits[0]!.node!.pair;
    const { groups, fresh } = partitionInFlight(nodeUnits, inFlight, signer.address);
    for (const g of groups) await submitBatch(api, signer, g.units, batchAll(api), g.nonce, g.hashes);
    if (fresh.length > 0) await submitBatch(api, signer, fresh, batchAll(api), await accountNonce(api, signer.address));
  }

  // 6. Root lane on this chain: sudo, or the relay's sudo sending XCM Transact as Superuser.
  // Staking only accepts session keys from a bonded stash: bonds go first within the batch.
  const bondsFirst = (u: Unit) => (u.stepId.startsWith('register-validator:') && validatorVia(facts) === 'staking' ? 0 : 1);
  const rootUnits = units.filter((u) => u.lane === 'root').sort((a, b) => bondsFirst(a) - bondsFirst(b));
  if (root) await runRootLane(api, operator, rootUnits, (calls) => tx(api, 'sudo', 'sudo')(batchAll(api)(calls)));
  else if (rootUnits.length > 0) {
    const relay = await viaRelayRoot(rootUnits.map((u) => u.stepId));
    // The units are para calls: size them on the para, submit on the relay.
    await runRootLane(options.relay!.api, relayOperator!, rootUnits.map((u) => ({ ...u, dispatchedAs: 0 })), relay.wrap);
    // Included on the relay means sent, not done: a step is done once the para's state shows it.
    for (const u of rootUnits) {
      const result = results.get(u.stepId);
      const step = todo.find((s) => stepId(s) === u.stepId)!;
      if (result?.state === 'failed') {
        await record(u.stepId, { state: 'failed', reason: relay.explain(result.note ?? 'failed'), at: now() });
        continue;
      }
      if (result?.state !== 'included' || !('node' in step)) continue;
      try {
        await waitForParaState(`step ${u.stepId} took effect`, async () => (await stepShows(api, facts, step, identity(step.node.pod))) !== false, paraEffect);
      } catch (error) {
        await record(u.stepId, { state: 'failed', reason: (error as Error).message, at: now() });
      }
    }
  }

  // 7. Relay-side steps of this network (onboarding), with the relay's root.
  if (onChainRelay.length > 0) {
    const relayApi = options.relay?.api ?? api;
    const signer = relayOperator ?? operator;
    const rFacts = relayFacts ?? facts;
    const rctx: CallContext = { api: relayApi, facts: rFacts, root: true, identity, paraGenesis, operatorHex: u8aToHex(signer.publicKey) };
    const relayUnits: Unit[] = [];
    for (const s of onChainRelay) relayUnits.push((await buildUnit(rctx, s)).unit);
    await runRootLane(relayApi, signer, relayUnits, (calls) => tx(relayApi, 'sudo', 'sudo')(batchAll(relayApi)(calls)));
  }

  return { steps: plan.steps.map((s) => results.get(stepId(s)) ?? { stepId: stepId(s), state: 'planned' }), extrinsics };
}
