// Node-level intent lives on the rendered manifests, under one prefix, so that what
// Argo CD applies is the single source of truth for the on-chain desired state.

export const PREFIX = 'substrate-gitops.io';

export const ANNOTATIONS = {
  /** validator | collator | bootnode | rpc | full (also a label, for selectors and policies). */
  role: `${PREFIX}/role`,
  /** The network (folder under networks/) the resource belongs to. Label. */
  network: `${PREFIX}/network`,
  /** Secret holding the group's seed; the seed itself never appears in git. */
  keysSecret: `${PREFIX}/keys-secret`,
  /** Key in that Secret's data (default `seed`). */
  keysSecretKey: `${PREFIX}/keys-secret-key`,
  /** Per-pod derivation; `{pod}`, `{type}` and `{generation}` substituted, e.g. `//{pod}//{type}//g{generation}`. */
  keyPath: `${PREFIX}/key-path`,
  /** Session key types and schemes, comma separated `type:scheme`. */
  keyTypes: `${PREFIX}/key-types`,
  /** Bump to rotate the session keys of every pod of the group. */
  keyGeneration: `${PREFIX}/key-generation`,
  /** Derivation of the account that owns the node (stash/controller, collator account). */
  accountPath: `${PREFIX}/account-path`,
  /** Secret holding a bootnode's libp2p node key. */
  nodeKeySecret: `${PREFIX}/node-key-secret`,
} as const;

export const ROLES = ['validator', 'collator', 'bootnode', 'rpc', 'full'] as const;
export type NodeRole = (typeof ROLES)[number];

// The generation is part of the path: bumping it derives new keys (a rotation) from the same seed.
export const DEFAULT_KEY_PATH = '//{pod}//{type}//g{generation}';
export const DEFAULT_ACCOUNT_PATH = '//{pod}';
export const DEFAULT_SEED_KEY = 'seed';
