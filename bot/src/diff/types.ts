// Per-resource changes between two renders (base → head).
import type { NodeRole } from '../model/annotations.js';

export interface FieldChange {
  /** Path into the object: dots for keys, `[name=x]` for list items with a name, `[3]` otherwise, e.g. `spec.template.spec.containers[name=node].image`. */
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface ResourceChange {
  /** Rendered folder, e.g. `networks/rococo-ten`. */
  source: string;
  network?: string;
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  change: 'added' | 'removed' | 'modified';
  /** For node groups: the role annotation (head's, or base's when removed). */
  role?: NodeRole;
  /** Leaf-level changes (empty for added/removed). Secret values are never carried here. */
  fields: FieldChange[];
  /** Unified diff of the resource's YAML (Secret data redacted). */
  unified: string;
}
