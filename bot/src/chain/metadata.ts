import type { ApiPromise } from '@polkadot/api';
import type { NetworkSpec } from '../model/networkFile.js';
import type { SessionKeyType } from '../plan/types.js';
import { ChainCapabilityError } from './errors.js';

// Decisions from the LIVE runtime metadata, never from a runtime's name: which pallets and
// calls to use, the order of SessionKeys, the kind of proof `session.setKeys` wants.
// `runtimeFacts` reads the in-memory metadata once; every decision below is pure on it,
// so it is unit-tested with hand-written facts.

export interface RuntimeFacts {
  runtime: string;
  /** pallet → its call names (camelCase, as @polkadot/api spells them). */
  calls: Record<string, string[]>;
  /** Field names of the runtime's SessionKeys struct, in order. */
  sessionKeyFields: string[];
  /** Type of `session.setKeys`'s `proof` argument (e.g. `Bytes`). */
  setKeysProofType?: string;
  /** Runtime API → method → parameter names. */
  runtimeApis: Record<string, Record<string, string[]>>;
  /** Versions of `VersionedXcm` the runtime's XCM pallet accepts, e.g. [2, 3]. */
  xcmVersions: number[];
  /**
   * Versions of the `send` destination (`VersionedMultiLocation`): they lag behind the message
   * versions on older runtimes (westend 9320 sends XCM v2 to a V1 location). Unset: as `xcmVersions`.
   */
  xcmLocationVersions?: number[];
}

export function runtimeFacts(api: ApiPromise): RuntimeFacts {
  const calls: Record<string, string[]> = {};
  for (const [pallet, methods] of Object.entries(api.tx)) calls[pallet] = Object.keys(methods);
  const setKeys = api.tx.session?.setKeys;
  let sessionKeyFields: string[] = [];
  let setKeysProofType: string | undefined;
  if (setKeys) {
    const def = api.registry.lookup.getTypeDef(setKeys.meta.fields[0]!.type);
    sessionKeyFields = Array.isArray(def.sub) ? def.sub.map((s) => s.name ?? '') : [];
    setKeysProofType = setKeys.meta.args[1]?.type.toString();
  }
  const runtimeApis: Record<string, Record<string, string[]>> = {};
  for (const [section, methods] of Object.entries(api.call)) {
    runtimeApis[section] = {};
    for (const [name, fn] of Object.entries(methods)) {
      const meta = (fn as unknown as { meta?: { params: { name: { toString(): string } }[] } }).meta;
      runtimeApis[section][name] = meta ? meta.params.map((p) => p.name.toString()) : [];
    }
  }
  const send = api.tx.xcmPallet?.send ?? api.tx.polkadotXcm?.send;
  const versionsOf = (field: number): number[] => {
    if (!send) return [];
    const def = api.registry.lookup.getTypeDef(send.meta.fields[field]!.type);
    return (Array.isArray(def.sub) ? def.sub : []).flatMap((s) => {
      const m = /^V(\d+)$/.exec(s.name ?? '');
      return m ? [Number(m[1])] : [];
    });
  };
  const xcmVersions = versionsOf(1);
  const xcmLocationVersions = versionsOf(0);
  const v = api.runtimeVersion;
  return { runtime: `${v.specName.toString()} ${v.specVersion.toString()}`, calls, sessionKeyFields, ...(setKeysProofType ? { setKeysProofType } : {}), runtimeApis, xcmVersions, xcmLocationVersions };
}

export function hasCall(facts: RuntimeFacts, pallet: string, call: string): boolean {
  return facts.calls[pallet]?.includes(call) ?? false;
}

export function requireCall(facts: RuntimeFacts, pallet: string, call: string, why: string): void {
  if (!facts.calls[pallet]) {
    throw new ChainCapabilityError(facts.runtime, pallet, `runtime ${facts.runtime} has no pallet \`${pallet}\`, needed to ${why}`);
  }
  if (!hasCall(facts, pallet, call)) {
    throw new ChainCapabilityError(facts.runtime, `${pallet}.${call}`, `runtime ${facts.runtime} has no call \`${pallet}.${call}\`, needed to ${why}`);
  }
}

/** SessionKeys field name (either spelling) → four-letter key type id. */
const FIELD_KEY_TYPES: Record<string, string> = {
  grandpa: 'gran',
  babe: 'babe',
  aura: 'aura',
  imonline: 'imon',
  paravalidator: 'para',
  paraassignment: 'asgn',
  authoritydiscovery: 'audi',
  beefy: 'beef',
  mixnet: 'mixn',
  nimbus: 'nmbs',
  vrf: 'rand',
};

export function keyTypeOfField(field: string): string | undefined {
  return FIELD_KEY_TYPES[field.replaceAll('_', '').toLowerCase()];
}

/**
 * The node group's declared key types, in the order of the runtime's SessionKeys. Fails
 * naming every field the group declares no key for (the node would be unusable).
 */
export function sessionKeyOrder(facts: RuntimeFacts, declared: SessionKeyType[], group: string): SessionKeyType[] {
  if (facts.sessionKeyFields.length === 0) throw new ChainCapabilityError(facts.runtime, 'session.setKeys', `runtime ${facts.runtime} has no \`session.setKeys\`: session keys cannot be set`);
  const byType = new Map(declared.map((k) => [k.type, k]));
  const ordered: SessionKeyType[] = [];
  const missing: string[] = [];
  for (const field of facts.sessionKeyFields) {
    const type = keyTypeOfField(field);
    const key = type ? byType.get(type) : undefined;
    if (key) ordered.push(key);
    else missing.push(type ? `${field} (key type \`${type}\`)` : `${field} (no known key type id)`);
  }
  if (missing.length > 0) {
    throw new ChainCapabilityError(
      facts.runtime,
      'session keys',
      `node group \`${group}\` declares key types ${declared.map((k) => k.type).join(',') || '(none)'}, but runtime ${facts.runtime} SessionKeys also needs ${missing.join(', ')}: add them to the group's key-types annotation`,
    );
  }
  return ordered;
}

/**
 * `ownership`: the runtime verifies a proof that each session key signed the owner (RFC-0048,
 * recognisable by `SessionKeys_generate_session_keys` taking an `owner`); `empty`: the proof
 * argument exists but is ignored (older runtimes, e.g. paseo 1001002).
 */
export function setKeysProofKind(facts: RuntimeFacts): 'empty' | 'ownership' {
  const gen = facts.runtimeApis.sessionKeys?.generateSessionKeys ?? [];
  return gen.includes('owner') ? 'ownership' : 'empty';
}

/** How session keys get onto the chain: derived by the bot, or rotated by the node itself. */
export function sessionKeysVia(spec: Pick<NetworkSpec, 'registration'>): 'derive' | 'rotate-rpc' {
  return spec.registration.sessionKeys === 'rotate-rpc' ? 'rotate-rpc' : 'derive';
}

export type ValidatorVia = 'validatorManager' | 'staking';

/** validatorManager where the runtime has it (Rococo style), otherwise staking driven by root. */
export function validatorVia(facts: RuntimeFacts): ValidatorVia {
  if (hasCall(facts, 'validatorManager', 'registerValidators')) {
    requireCall(facts, 'validatorManager', 'deregisterValidators', 'deregister validators');
    return 'validatorManager';
  }
  const why = 'register validators through staking (the runtime has no validatorManager)';
  for (const call of ['bond', 'validate', 'chill', 'unbond']) requireCall(facts, 'staking', call, why);
  requireCall(facts, 'utility', 'dispatchAs', 'act as the node account with root');
  return 'staking';
}

/** How a node account gets funds: minted by root where allowed, else paid by the operator. */
export function fundingVia(facts: RuntimeFacts, root: boolean): 'forceSetBalance' | 'transfer' {
  if (root && hasCall(facts, 'balances', 'forceSetBalance')) return 'forceSetBalance';
  if (hasCall(facts, 'balances', 'transferKeepAlive')) return 'transfer';
  requireCall(facts, 'balances', 'transfer', 'fund node accounts');
  return 'transfer';
}

/** Root on this chain: its own sudo, or the relay's sudo sending XCM Transact as Superuser. */
export function rootVia(facts: RuntimeFacts, spec: Pick<NetworkSpec, 'operator' | 'name'>): 'sudo' | 'relay-xcm' {
  const declared = spec.operator.root ?? 'sudo';
  if (declared === 'sudo') {
    requireCall(facts, 'sudo', 'sudo', `act as root on ${spec.name} with \`sudo.sudo\` (network.yaml operator.root: sudo; a parachain without sudo takes operator.root: relay-xcm)`);
    return 'sudo';
  }
  return 'relay-xcm';
}

export type InvulnerableVia = 'addRemove' | 'setFromChain';

/**
 * `addInvulnerable`/`removeInvulnerable` where they exist. Older collator-selection pallets only
 * have `setInvulnerables`: then the set is the ON-CHAIN set read at execution with one account
 * added or removed, never a set computed from the cluster.
 */
export function invulnerableVia(facts: RuntimeFacts): InvulnerableVia {
  if (hasCall(facts, 'collatorSelection', 'addInvulnerable') && hasCall(facts, 'collatorSelection', 'removeInvulnerable')) return 'addRemove';
  requireCall(facts, 'collatorSelection', 'setInvulnerables', 'manage invulnerable collators');
  return 'setFromChain';
}

export type OnboardVia = 'parasSudoWrapper' | 'registrar+assignedSlots' | 'registrar+slots' | 'registrar';

/** A permanent lease (`lease`) or a bare parathread ordered on demand (`on-demand`). */
export function onboardVia(facts: RuntimeFacts, mode: 'lease' | 'on-demand'): OnboardVia {
  if (mode === 'lease') {
    if (hasCall(facts, 'parasSudoWrapper', 'sudoScheduleParaInitialize')) return 'parasSudoWrapper';
    requireCall(facts, 'registrar', 'forceRegister', 'onboard a parachain');
    if (hasCall(facts, 'assignedSlots', 'assignPermParachainSlot')) return 'registrar+assignedSlots';
    requireCall(facts, 'slots', 'forceLease', 'give the parachain a lease (the runtime has neither parasSudoWrapper nor assignedSlots)');
    return 'registrar+slots';
  }
  requireCall(facts, 'registrar', 'forceRegister', 'register an on-demand parachain');
  return 'registrar';
}

export function offboardVia(facts: RuntimeFacts): 'parasSudoWrapper' | 'registrar' {
  if (hasCall(facts, 'parasSudoWrapper', 'sudoScheduleParaCleanup')) return 'parasSudoWrapper';
  requireCall(facts, 'registrar', 'deregister', 'offboard a parachain');
  return 'registrar';
}

/** The XCM version to send to a parachain: the highest both sides know, at least 2. */
export function xcmVersionFor(relay: RuntimeFacts, para: RuntimeFacts): number {
  const common = relay.xcmVersions.filter((v) => para.xcmVersions.includes(v) && v >= 2);
  if (common.length === 0) {
    throw new ChainCapabilityError(relay.runtime, 'xcm', `runtimes ${relay.runtime} and ${para.runtime} share no XCM version ≥ 2 (relay ${relay.xcmVersions.join(',')}, para ${para.xcmVersions.join(',')})`);
  }
  return Math.max(...common);
}
