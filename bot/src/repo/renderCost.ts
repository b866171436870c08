import type { Finding } from '../findings.js';

// What a render costs kustomize, counted before it runs, and the limits on it. Measured with
// kustomize v5.5 on a 2-core machine: it keeps about 2.5 KB per YAML node (100,000 nodes:
// 210 MB, 1.4 s); accumulating objects is quadratic (1,000 objects 0.8 s, 2,000 3 s, 4,000
// 13 s, 10,000 170 s); a folder is loaded once per reference, so a tree whose kustomizations
// refer to the next level twice doubles at each level. Real networks are far below these:
// rococo-ten is 12 loads, 30 objects and about 3,000 nodes.

export interface RenderCost {
  /** Kustomizations loaded, a shared folder once per reference. */
  loads: number;
  /** Objects: resource documents (`*List` items each), generated ConfigMaps and Secrets. */
  objects: number;
  /** YAML nodes parsed, aliases expanded. */
  nodes: number;
  /** Bytes read. */
  bytes: number;
  /** Entries that act on every object in scope: patches, replacements, labels, images, replicas, name and namespace changes. */
  transforms: number;
}

export type CostLimits = RenderCost & {
  /** transforms × objects: patch applications, at most. */
  work: number;
};

const MiB = 1024 * 1024;

/** One folder (network or cluster). */
export const FOLDER_LIMITS: CostLimits = { loads: 200, objects: 1_000, nodes: 250_000, bytes: 8 * MiB, transforms: 2_000, work: 200_000 };

/** One kustomize process: folders are grouped so that each process stays within these. */
export const PROCESS_LIMITS: Pick<CostLimits, 'objects' | 'nodes' | 'bytes'> = { objects: 2_000, nodes: 250_000, bytes: 16 * MiB };

/** All folders of one revision together. */
export const TREE_LIMITS: Pick<CostLimits, 'objects' | 'nodes' | 'bytes'> = { objects: 20_000, nodes: 2_000_000, bytes: 64 * MiB };

const figure = (n: number) => (n > 1e12 ? `about ${n.toExponential(1)}` : Math.round(n).toLocaleString('en'));

/** The first limit a cost passes, as the end of a sentence ("would load 16,777,216 kustomizations (limit 200); …"), or undefined. */
export function overLimits(cost: RenderCost, limits: Partial<CostLimits>): string | undefined {
  const refer = 'kustomize loads a folder once per reference to it, so refer to shared folders once';
  if (limits.loads !== undefined && cost.loads > limits.loads) return `would load ${figure(cost.loads)} kustomizations (limit ${figure(limits.loads)}); ${refer}`;
  if (limits.objects !== undefined && cost.objects > limits.objects) return `would make ${figure(cost.objects)} objects (limit ${figure(limits.objects)}); split it or ${refer}`;
  if (limits.nodes !== undefined && cost.nodes > limits.nodes) return `would parse ${figure(cost.nodes)} YAML nodes (limit ${figure(limits.nodes)}); split it or ${refer}`;
  if (limits.bytes !== undefined && cost.bytes > limits.bytes) return `would read ${figure(cost.bytes / MiB)} MiB (limit ${figure(limits.bytes / MiB)} MiB); split it or ${refer}`;
  if (limits.transforms !== undefined && cost.transforms > limits.transforms) return `would apply ${figure(cost.transforms)} patches and transformations (limit ${figure(limits.transforms)}); ${refer}`;
  if (limits.work !== undefined && cost.transforms * cost.objects > limits.work) {
    return `would apply ${figure(cost.transforms)} patches and transformations to ${figure(cost.objects)} objects (limit ${figure(limits.work)} applications); split it`;
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
 * The revision's budget over all its folders, in name order: a folder that would take the
 * total past TREE_LIMITS is not rendered and gets a finding. Mutates the graphs given.
 */
export function applyTreeBudget(graphs: readonly Budgeted[]): void {
  let total: RenderCost = { loads: 0, objects: 0, nodes: 0, bytes: 0, transforms: 0 };
  for (const g of [...graphs].sort((a, b) => a.source.localeCompare(b.source))) {
    if (!g.renderable) continue;
    const next = { loads: total.loads + g.cost.loads, objects: total.objects + g.cost.objects, nodes: total.nodes + g.cost.nodes, bytes: total.bytes + g.cost.bytes, transforms: total.transforms + g.cost.transforms };
    const over = overLimits(next, TREE_LIMITS);
    if (over) {
      g.renderable = false;
      g.findings.push({
        check: 'input',
        severity: 'error',
        file: g.entry,
        rule: 'input/too-large-tree',
        message: `rendering ${g.source} after the folders before it (by name) ${over.replace(/;.*$/, '')} for the whole revision; the check renders at most that much per revision`,
        ...(g.network ? { network: g.network } : {}),
      });
      continue;
    }
    total = next;
  }
}
