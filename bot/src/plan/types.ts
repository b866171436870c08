// The on-chain plan: what a merge will do to the chain. Pure data, computed by
// `planNetwork` from the desired state (manifests + network.yaml) and, after merge,
// the actual state read from the chain. Secrets never appear here: a step names the
// Secret and derivation path, the executor derives keys at execution time.

export type KeyScheme = 'sr25519' | 'ed25519' | 'ecdsa';

export interface SessionKeyType {
  /** Four-letter key type id, e.g. `gran`, `babe`, `aura`. */
  type: string;
  scheme: KeyScheme;
}

/** Where a node's keys come from (never the key itself). */
export interface KeySource {
  secret: string;
  secretKey: string;
  /** Derivation path template with `{pod}` substituted; `{type}` and `{generation}` are filled in by whoever derives. */
  keyPath: string;
  /** Derivation path of the node's account (signs `session.setKeys`, is registered). */
  accountPath: string;
  keyTypes: SessionKeyType[];
  generation: number;
}

export interface PlannedNode {
  network: string;
  group: string;
  pod: string;
  role: 'validator' | 'collator';
  keys: KeySource;
}

export type OnChainStep =
  | { kind: 'register-validator'; node: PlannedNode }
  | { kind: 'deregister-validator'; node: PlannedNode }
  | { kind: 'register-collator'; node: PlannedNode; mode: 'invulnerable' | 'candidate' }
  | { kind: 'deregister-collator'; node: PlannedNode; mode: 'invulnerable' | 'candidate' }
  | { kind: 'set-session-keys'; node: PlannedNode; fromGeneration?: number; toGeneration: number; reason: 'new-node' | 'rotation' }
  | { kind: 'onboard-parachain'; network: string; paraId: number; mode: 'lease' | 'on-demand'; genesis: ParachainGenesisSource }
  | { kind: 'offboard-parachain'; network: string; paraId: number };

export interface ParachainGenesisSource {
  /** Repository-relative path of a chain spec holding the genesis state and code. */
  chainSpec?: string;
  /** Or the parachain's own node RPC, asked for head and code. */
  rpc?: string;
}

export interface OnChainPlan {
  network: string;
  /** The chain the steps are executed on (a parachain's onboarding runs on its relay). */
  steps: OnChainStep[];
  /** Things deliberately not done, e.g. a deregistration of an externally run validator. */
  notes: string[];
}

/** Stable identity of a step: the journal keys on it, the report shows it. */
export function stepId(step: OnChainStep): string {
  switch (step.kind) {
    case 'onboard-parachain':
    case 'offboard-parachain':
      return `${step.kind}:${step.network}:${step.paraId}`;
    case 'set-session-keys':
      return `${step.kind}:${step.node.network}:${step.node.pod}:g${step.toGeneration}`;
    default:
      return `${step.kind}:${step.node.network}:${step.node.pod}`;
  }
}

/** One line a reviewer reads, e.g. `register validator rococo-validator-10`. */
export function describeStep(step: OnChainStep): string {
  switch (step.kind) {
    case 'register-validator':
      return `register validator \`${step.node.pod}\``;
    case 'deregister-validator':
      return `deregister validator \`${step.node.pod}\``;
    case 'register-collator':
      return `add collator \`${step.node.pod}\` as ${step.mode}`;
    case 'deregister-collator':
      return `remove collator \`${step.node.pod}\` (${step.mode})`;
    case 'set-session-keys':
      return step.reason === 'rotation'
        ? `rotate session keys of \`${step.node.pod}\` generation ${step.fromGeneration ?? '?'}→${step.toGeneration}`
        : `set session keys of \`${step.node.pod}\` (generation ${step.toGeneration})`;
    case 'onboard-parachain':
      return `onboard para ${step.paraId} (${step.mode})`;
    case 'offboard-parachain':
      return `offboard para ${step.paraId}`;
  }
}

/** Steps that take something away from the chain: shown first with a warning, and never approved by the bot alone. */
export function isDestructive(step: OnChainStep): boolean {
  return step.kind === 'deregister-validator' || step.kind === 'deregister-collator' || step.kind === 'offboard-parachain';
}
