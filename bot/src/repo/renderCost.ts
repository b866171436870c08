import type { Finding } from '../findings.js';

// What a render costs kustomize, counted before it runs, and the limits on it. Measured with
// kustomize v5.5 on this 2-core machine: it keeps about 2.5 KB per YAML node (100,000 nodes:
// 210 MB, 1.4 s); accumulating objects is quadratic (1,000 objects 0.8 s, 2,000 3 s, 4,000
// 13 s, 10,000 170 s); one patch applied to 1,000 objects costs about 0.35 s; a folder is
// loaded once per reference, so a tree whose kustomizations refer to the next level twice
// doubles at each level. Real networks are far below the limits: rococo-ten is 14 loads,
// 30 objects, about 2,100 nodes and 190 patch applications.

export interface RenderCost {
  /** Kustomizations loaded, a shared folder once per reference. */
  loads: number;
  /** Objects: resource documents (`*List` items each), generated ConfigMaps and Secrets. */
  objects: number;
  /** YAML nodes parsed, aliases expanded. */
  nodes: number;
  /** Bytes read. */
  bytes: number;
  /** Entries that act on objects: patches, replacements, labels, images, replicas, name and namespace changes. */
  transforms: number;
  /** Patch applications at most: each kustomization's transforms (and its components') × the objects they act on. */
  work: number;
  /** Values copied at most by replacements, counted like `work`. */
  copies: number;
  /** Bytes of the largest resource file: the most one replacement copy can add to the output. */
  largestResource: number;
  /** Bytes of the largest patch (file or inline): the most one patch application can add. */
  largestPatch: number;
}

export type CostLimits = Partial<Omit<RenderCost, 'largestResource' | 'largestPatch'>> & {
  /** copies × largestResource + work × largestPatch: what replacements and patches could add to kustomize's output and memory. */
  copiedBytes?: number;
};

export const ZERO_COST: RenderCost = { loads: 0, objects: 0, nodes: 0, bytes: 0, transforms: 0, work: 0, copies: 0, largestResource: 0, largestPatch: 0 };

export function addCost(a: RenderCost, b: RenderCost): RenderCost {
  return {
    loads: a.loads + b.loads,
    objects: a.objects + b.objects,
    nodes: a.nodes + b.nodes,
    bytes: a.bytes + b.bytes,
    transforms: a.transforms + b.transforms,
    work: a.work + b.work,
    copies: a.copies + b.copies,
    largestResource: Math.max(a.largestResource, b.largestResource),
    largestPatch: Math.max(a.largestPatch, b.largestPatch),
  };
}

const MiB = 1024 * 1024;

/** One folder (network or cluster). */
export const FOLDER_LIMITS = { loads: 200, objects: 1_000, nodes: 150_000, bytes: 8 * MiB, transforms: 2_000, work: 10_000, copiedBytes: 32 * MiB } satisfies CostLimits;

/** One kustomize process: folders are grouped so that each process stays within these (and its time limit). */
export const PROCESS_LIMITS = { objects: 2_000, nodes: 150_000, bytes: 16 * MiB, work: 20_000, copiedBytes: 32 * MiB } satisfies CostLimits;

/**
 * All folders one check renders of one revision. The whole pipeline (render, schema, policy)
 * costs about 8–10 ms an object here under load, so 2,000 objects is about 20 s: a pull request
 * cannot make a check take much longer, and 60 networks of rococo-ten's size (30 objects each)
 * still fit. A larger fleet raises this (and waits longer for a change to a shared base).
 */
export const CHECK_LIMITS = { objects: 2_000, nodes: 300_000, bytes: 32 * MiB, work: 40_000, copiedBytes: 64 * MiB } satisfies CostLimits;

const figure = (n: number) => (n > 1e12 ? `about ${n.toExponential(1)}` : Math.round(n).toLocaleString('en'));

/** The first limit a cost passes, as the end of a sentence ("would load 16,777,216 kustomizations (limit 200); …"), or undefined. */
export function overLimits(cost: RenderCost, limits: CostLimits): string | undefined {
  const refer = 'kustomize loads a folder once per reference to it, so refer to shared folders once';
  if (limits.loads !== undefined && cost.loads > limits.loads) return `would load ${figure(cost.loads)} kustomizations (limit ${figure(limits.loads)}); ${refer}`;
  if (limits.objects !== undefined && cost.objects > limits.objects) return `would make ${figure(cost.objects)} objects (limit ${figure(limits.objects)}); split it or ${refer}`;
  if (limits.nodes !== undefined && cost.nodes > limits.nodes) return `would parse ${figure(cost.nodes)} YAML nodes (limit ${figure(limits.nodes)}); split it or ${refer}`;
  if (limits.bytes !== undefined && cost.bytes > limits.bytes) return `would read ${figure(cost.bytes / MiB)} MiB (limit ${figure(limits.bytes / MiB)} MiB); split it or ${refer}`;
  if (limits.transforms !== undefined && cost.transforms > limits.transforms) return `would apply ${figure(cost.transforms)} patches and transformations (limit ${figure(limits.transforms)}); ${refer}`;
  if (limits.work !== undefined && cost.work > limits.work) return `would make up to ${figure(cost.work)} patch applications (patches × the objects they act on; limit ${figure(limits.work)}); use fewer patches over fewer objects, or split it`;
  const copied = cost.copies * cost.largestResource + cost.work * cost.largestPatch;
  if (limits.copiedBytes !== undefined && copied > limits.copiedBytes) {
    return (
      `could add up to ${figure(copied / MiB)} MiB to the output (replacements: ${figure(cost.copies)} copies from files up to ${figure(cost.largestResource)} bytes; ` +
      `patches: ${figure(cost.work)} applications of patches up to ${figure(cost.largestPatch)} bytes; limit ${figure(limits.copiedBytes / MiB)} MiB); copy less or into fewer objects`
    );
  }
  return undefined;
}

interface Budgeted {
  source: string;
  entry: string;
  renderable: boolean;
  cost: RenderCost;
  findings: Finding[];
  network?: string;
}

/**
 * One check's budget over the folders it renders of one revision, in name order: a folder that
 * would take the total past CHECK_LIMITS is not rendered and gets a finding. Mutates the graphs.
 */
export function applyCheckBudget(graphs: readonly Budgeted[]): void {
  let total = ZERO_COST;
  for (const g of [...graphs].sort((a, b) => a.source.localeCompare(b.source))) {
    if (!g.renderable) continue;
    const next = addCost(total, g.cost);
    const over = overLimits(next, CHECK_LIMITS);
    if (over) {
      g.renderable = false;
      g.findings.push({
        check: 'input',
        severity: 'error',
        file: g.entry,
        rule: 'input/too-large-check',
        message: `rendering ${g.source} after the folders before it (by name) ${over.replace(/;.*$/, '')} in one check; split the change into smaller pull requests or make the folders smaller`,
        ...(g.network ? { network: g.network } : {}),
      });
      continue;
    }
    total = next;
  }
}
