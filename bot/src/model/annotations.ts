// Node-level intent lives on the rendered manifests, under one prefix, so that what
// Argo CD applies is the single source of truth for the on-chain desired state. A key
// group's session-key intent is what its pods use: see keyIntent.ts.

export const PREFIX = 'substrate-gitops.io';

export const ANNOTATIONS = {
  /** validator | collator | bootnode | rpc | full (also a label, for selectors and policies). */
  role: `${PREFIX}/role`,
  /** The network (folder under networks/) the resource belongs to. Label. */
  network: `${PREFIX}/network`,
  /**
   * Optional copy of the Secret holding the group's seed; the pods' SEED secretKeyRef is the
   * truth, and this copy must name the same Secret. The seed itself never appears in git.
   */
  keysSecret: `${PREFIX}/keys-secret`,
  /** Optional copy of the key in that Secret's data (the SEED secretKeyRef's key is the truth). */
  keysSecretKey: `${PREFIX}/keys-secret-key`,
  /** Per-pod derivation; `{pod}`, `{type}` and `{generation}` substituted, e.g. `//{pod}//{type}//g{generation}`. Pod template. */
  keyPath: `${PREFIX}/key-path`,
  /** Session key types and schemes, comma separated `type:scheme`. Pod template. */
  keyTypes: `${PREFIX}/key-types`,
  /** Bump to rotate the session keys of every pod of the group. Pod template. */
  keyGeneration: `${PREFIX}/key-generation`,
  /** Derivation of the account that owns the node (stash/controller, collator account). Pod template. */
  accountPath: `${PREFIX}/account-path`,
  /** Secret holding a bootnode's libp2p node key. */
  nodeKeySecret: `${PREFIX}/node-key-secret`,
} as const;

export const ROLES = ['validator', 'collator', 'bootnode', 'rpc', 'full'] as const;
export type NodeRole = (typeof ROLES)[number];

// The generation is part of the path: bumping it derives new keys (a rotation) from the same seed.
// Both are also insert-keys.sh's defaults for an empty KEY_PATH / missing account path.
export const DEFAULT_KEY_PATH = '//{pod}//{type}//g{generation}';
export const DEFAULT_ACCOUNT_PATH = '//{pod}';
