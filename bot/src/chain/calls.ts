import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { u8aToHex } from '@polkadot/util';
import type { OnChainStep } from '../plan/types.js';
import { stepId } from '../plan/types.js';
import { hasQuery, konst, query, tx } from './access.js';
import type { NodeIdentity } from './identity.js';
import type { RotatedKeys } from './rotateKeys.js';
import { hasCall, invulnerableVia, onboardVia, offboardVia, requireCall, setKeysProofKind, validatorVia, type RuntimeFacts } from './metadata.js';
import { invulnerables } from './readState.js';

// Build the calls of each planned step from the live runtime. A step becomes one unit: a call
// run with root (inside the operator's sudo batch) or, on chains without root, signed by the
// node itself. Acting as a node account with root goes through `utility.dispatchAs`, so one
// operator extrinsic carries many nodes; each such step is one dispatchAs around an atomic
// batchAll, whose `DispatchedAs` event tells that step's outcome.

export type Call = SubmittableExtrinsic<'promise'>;

export interface Unit {
  stepId: string;
  /** `root`: inside the operator's root batch; `node`: signed by the node account. */
  lane: 'root' | 'node';
  call: Call;
  node?: NodeIdentity;
  /** How many `utility.DispatchedAs` events the call emits (0 or 1). */
  dispatchedAs: number;
  /** Calls of one kind weigh alike: the weight is asked for once per key. */
  weightKey: string;
}

/** Funding the operator pays before a node signs for itself (idempotent: only when short). */
export interface Funding {
  node: NodeIdentity;
  amount: bigint;
}

/** One transfer per node: what its steps need, added up (the operator pays each node once per run). */
export function fundingsByNode(fundings: Funding[]): Funding[] {
  const byNode = new Map<string, Funding>();
  for (const f of fundings) {
    const known = byNode.get(f.node.accountHex);
    byNode.set(f.node.accountHex, known ? { node: known.node, amount: known.amount + f.amount } : f);
  }
  return [...byNode.values()];
}

export interface CallContext {
  api: ApiPromise;
  facts: RuntimeFacts;
  /** Whether this chain has root the operator can use directly (sudo). */
  root: boolean;
  identity(pod: string): NodeIdentity;
  /** Session keys a node produced itself (`author_rotateKeys`), for `sessionKeys: rotate-rpc`. */
  rotatedKeys?: Map<string, RotatedKeys>;
  /** Genesis head and validation code of paras to onboard, by para id. */
  paraGenesis?: Map<number, { head: string; code: string }>;
  operatorHex: string;
  /** The invulnerable set as read from the chain, folded over this execution's changes. */
  invulnerableSet?: string[];
  /** `staking.validatorCount` and the number of validator intentions, folded over this execution's registrations. */
  validatorSlots?: { count: number; intentions: number };
}

/**
 * Staking elects only `validatorCount` validators: a registration that would leave the new
 * validator outside the set also raises the count to the number of intentions (an absolute
 * value, so running it twice changes nothing). The count is never lowered: others may rely on it.
 */
async function roomForValidator(ctx: CallContext): Promise<Call | undefined> {
  if (!hasCall(ctx.facts, 'staking', 'setValidatorCount')) return undefined;
  ctx.validatorSlots ??= {
    count: Number((await query(ctx.api, 'staking', 'validatorCount')()).toString()),
    intentions: hasQuery(ctx.api, 'staking', 'counterForValidators')
      ? Number((await query(ctx.api, 'staking', 'counterForValidators')()).toString())
      : (await query(ctx.api, 'staking', 'validators').keys()).length,
  };
  const slots = ctx.validatorSlots;
  slots.intentions += 1;
  if (slots.intentions <= slots.count) return undefined;
  slots.count = slots.intentions;
  return tx(ctx.api, 'staking', 'setValidatorCount')(slots.count);
}

function asNode(ctx: CallContext, node: NodeIdentity, calls: Call[]): Call {
  const api = ctx.api;
  const inner = calls.length === 1 ? calls[0]! : tx(api, 'utility', 'batchAll')(calls);
  return tx(api, 'utility', 'dispatchAs')({ system: { Signed: node.accountHex } }, inner);
}

async function bondAmounts(api: ApiPromise): Promise<{ bond: bigint; fund: bigint }> {
  const ed = BigInt(konst(api, 'balances', 'existentialDeposit').toString());
  const minBond = hasQuery(api, 'staking', 'minValidatorBond') ? BigInt((await query(api, 'staking', 'minValidatorBond')()).toString()) : 0n;
  const bond = minBond > ed * 100n ? minBond : ed * 100n;
  return { bond, fund: bond + ed * 100n };
}

async function freeBalance(api: ApiPromise, accountHex: string): Promise<bigint> {
  const info = (await query(api, 'system', 'account')(accountHex)) as unknown as { data: { free: { toString(): string } } };
  return BigInt(info.data.free.toString());
}

/** The `setKeys` call with the node's keys for a generation (or the keys it rotated itself). */
function setKeysCall(ctx: CallContext, node: NodeIdentity, generation: number): Call {
  requireCall(ctx.facts, 'session', 'setKeys', 'set session keys');
  const rotated = ctx.rotatedKeys?.get(node.node.pod);
  if (rotated) return tx(ctx.api, 'session', 'setKeys')(rotated.keys, rotated.proof);
  const keys = node.sessionKeys(generation);
  const owner = ctx.api.createType('AccountId', node.accountHex).toU8a();
  const proof = setKeysProofKind(ctx.facts) === 'ownership' ? u8aToHex(keys.prove(owner)) : '0x';
  return tx(ctx.api, 'session', 'setKeys')(keys.hex, proof);
}

function bondCall(api: ApiPromise, amount: bigint, accountHex: string): Call {
  // Older staking pallets take a controller first; newer ones bond the stash as its own controller.
  const args = tx(api, 'staking', 'bond').meta.args.map((a) => a.name.toString());
  return args[0] === 'controller' ? tx(api, 'staking', 'bond')(accountHex, amount, { Staked: null }) : tx(api, 'staking', 'bond')(amount, { Staked: null });
}

export async function buildUnit(ctx: CallContext, step: OnChainStep): Promise<{ unit: Unit; funding?: Funding }> {
  const { api, facts } = ctx;
  const id = stepId(step);
  switch (step.kind) {
    case 'set-session-keys': {
      const node = ctx.identity(step.node.pod);
      const call = setKeysCall(ctx, node, step.toGeneration);
      if (ctx.root) return { unit: { stepId: id, lane: 'root', call: asNode(ctx, node, [call]), node, dispatchedAs: 1, weightKey: 'setKeys' } };
      // Signed by the node itself: it pays the fee, so an empty account is funded first.
      const fee = BigInt((await call.paymentInfo(node.address)).partialFee.toString());
      const ed = BigInt(konst(api, 'balances', 'existentialDeposit').toString());
      const want = fee * 10n + ed * 10n;
      const funding = (await freeBalance(api, node.accountHex)) < want ? { node, amount: want } : undefined;
      return { unit: { stepId: id, lane: 'node', call, node, dispatchedAs: 0, weightKey: 'setKeys' }, ...(funding ? { funding } : {}) };
    }
    case 'register-validator':
    case 'deregister-validator': {
      const node = ctx.identity(step.node.pod);
      if (!ctx.root) requireCall(facts, 'sudo', 'sudo', `${step.kind} ${step.node.pod}`);
      if (validatorVia(facts) === 'validatorManager') {
        const call = step.kind === 'register-validator' ? tx(api, 'validatorManager', 'registerValidators')([node.accountHex]) : tx(api, 'validatorManager', 'deregisterValidators')([node.accountHex]);
        return { unit: { stepId: id, lane: 'root', call, node, dispatchedAs: 0, weightKey: step.kind } };
      }
      if (step.kind === 'deregister-validator') {
        const ledger = (await query(api, 'staking', 'ledger')(node.accountHex)) as unknown as { isSome: boolean; unwrap(): { active: { toString(): string } } };
        const calls = [tx(api, 'staking', 'chill')()];
        if (ledger.isSome) calls.push(tx(api, 'staking', 'unbond')(BigInt(ledger.unwrap().active.toString())));
        return { unit: { stepId: id, lane: 'root', call: asNode(ctx, node, calls), node, dispatchedAs: 1, weightKey: `deregister:${calls.length}` } };
      }
      const { bond, fund } = await bondAmounts(api);
      const bonded = ((await query(api, 'staking', 'bonded')(node.accountHex)) as unknown as { isSome: boolean }).isSome;
      const calls: Call[] = [];
      if (!bonded) calls.push(bondCall(api, bond, node.accountHex));
      calls.push(tx(api, 'staking', 'validate')({ commission: 0, blocked: false }));
      const parts: Call[] = [];
      if (!bonded && (await freeBalance(api, node.accountHex)) < fund) {
        requireCall(facts, 'balances', 'forceSetBalance', `fund validator ${step.node.pod} for its bond`);
        parts.push(tx(api, 'balances', 'forceSetBalance')(node.accountHex, fund));
      }
      parts.push(asNode(ctx, node, calls));
      const room = await roomForValidator(ctx);
      if (room) parts.push(room);
      const call = parts.length === 1 ? parts[0]! : tx(api, 'utility', 'batchAll')(parts);
      return { unit: { stepId: id, lane: 'root', call, node, dispatchedAs: 1, weightKey: `register:${parts.length}:${calls.length}` } };
    }
    case 'register-collator':
    case 'deregister-collator': {
      const node = ctx.identity(step.node.pod);
      const joining = step.kind === 'register-collator';
      if (step.mode === 'candidate') {
        requireCall(facts, 'collatorSelection', joining ? 'registerAsCandidate' : 'leaveIntent', `${joining ? 'register' : 'deregister'} collator candidate ${step.node.pod}`);
        const call = joining ? tx(api, 'collatorSelection', 'registerAsCandidate')() : tx(api, 'collatorSelection', 'leaveIntent')();
        let funding: Funding | undefined;
        if (joining) {
          const bond = BigInt((await query(api, 'collatorSelection', 'candidacyBond')()).toString());
          const ed = BigInt(konst(api, 'balances', 'existentialDeposit').toString());
          const want = bond + ed * 1000n;
          if ((await freeBalance(api, node.accountHex)) < want) funding = { node, amount: want };
        }
        if (ctx.root) {
          const parts: Call[] = [];
          if (funding) parts.push(tx(api, 'balances', 'forceSetBalance')(node.accountHex, funding.amount));
          parts.push(asNode(ctx, node, [call]));
          return { unit: { stepId: id, lane: 'root', call: parts.length === 1 ? parts[0]! : tx(api, 'utility', 'batchAll')(parts), node, dispatchedAs: 1, weightKey: `${step.kind}:${parts.length}` } };
        }
        return { unit: { stepId: id, lane: 'node', call, node, dispatchedAs: 0, weightKey: step.kind }, ...(funding ? { funding } : {}) };
      }
      let call: Call;
      if (invulnerableVia(facts) === 'addRemove') {
        call = joining ? tx(api, 'collatorSelection', 'addInvulnerable')(node.accountHex) : tx(api, 'collatorSelection', 'removeInvulnerable')(node.accountHex);
      } else {
        ctx.invulnerableSet ??= await invulnerables(api);
        const rest = ctx.invulnerableSet.filter((a) => a !== node.accountHex);
        ctx.invulnerableSet = joining ? [...rest, node.accountHex] : rest;
        call = tx(api, 'collatorSelection', 'setInvulnerables')([...ctx.invulnerableSet]);
      }
      return { unit: { stepId: id, lane: 'root', call, node, dispatchedAs: 0, weightKey: step.kind } };
    }
    case 'onboard-parachain': {
      const genesis = ctx.paraGenesis?.get(step.paraId);
      if (!genesis) throw new Error(`no genesis head and code were loaded for para ${step.paraId}`);
      const via = onboardVia(facts, step.mode);
      let call: Call;
      if (via === 'parasSudoWrapper') {
        call = tx(api, 'parasSudoWrapper', 'sudoScheduleParaInitialize')(step.paraId, { genesisHead: genesis.head, validationCode: genesis.code, paraKind: step.mode === 'lease' });
      } else {
        const register = tx(api, 'registrar', 'forceRegister')(ctx.operatorHex, 0, step.paraId, genesis.head, genesis.code);
        if (via === 'registrar') call = register;
        else if (via === 'registrar+assignedSlots') call = tx(api, 'utility', 'batchAll')([register, tx(api, 'assignedSlots', 'assignPermParachainSlot')(step.paraId)]);
        else {
          const period = Number(konst(api, 'slots', 'leasePeriod').toString());
          const offset = Number(konst(api, 'slots', 'leaseOffset').toString() ?? '0');
          const head = (await api.rpc.chain.getHeader()).number.toNumber();
          const current = Math.max(0, Math.floor((head - offset) / period));
          call = tx(api, 'utility', 'batchAll')([register, tx(api, 'slots', 'forceLease')(step.paraId, ctx.operatorHex, 0, current, 1000)]);
        }
      }
      return { unit: { stepId: id, lane: 'root', call, dispatchedAs: 0, weightKey: `onboard:${step.paraId}` } };
    }
    case 'offboard-parachain': {
      const call = offboardVia(facts) === 'parasSudoWrapper' ? tx(api, 'parasSudoWrapper', 'sudoScheduleParaCleanup')(step.paraId) : tx(api, 'registrar', 'deregister')(step.paraId);
      return { unit: { stepId: id, lane: 'root', call, dispatchedAs: 0, weightKey: 'offboard' } };
    }
  }
}
