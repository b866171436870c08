import { posix } from 'node:path';
import type { Finding } from '../findings.js';
import { rewriteRefs, writeKustomization } from './kustomization.js';
import { loadDir, resolveRef, treeContext, type DirNode, type KustomizationCache, type Problem } from './kustomizeLoad.js';
import { addCost, overLimits, FOLDER_LIMITS, ZERO_COST, type RenderCost } from './renderCost.js';
import { isInside } from './tree.js';

export { TREE_MAX_READ_BYTES, type KustomizationCache } from './kustomizeLoad.js';

// Walks a folder's kustomization graph before kustomize ever runs, the way kustomize would
// walk it: symlinks resolved (each real folder and file visited once, whatever the paths that
// lead there), every kustomization read by the allow-list of kustomization.ts, every file
// kustomize would read parsed safely first. The result is either findings, or a vetted copy:
// exactly the files accepted, at their real paths, with each kustomization written again from
// the vetted value. Kustomize only ever runs on that copy (render/kustomize.ts).

export interface VettedRender {
  /** The folder's real repo-relative path: where the render starts in the copy. */
  source: string;
  /** Every file of the copy: real repo-relative path → content (kustomizations written again). */
  files: ReadonlyMap<string, string | Buffer>;
  cost: RenderCost;
}

export interface FolderGraph {
  source: string;
  /** Repo-relative files and folders the render depends on (as referenced, and where they really are). */
  deps: Set<string>;
  /** Every kustomization reached, with its text (for the remote-base policy); only texts that parsed cleanly. */
  kustomizations: { file: string; content: string }[];
  findings: Finding[];
  /** False when rendering would be unsafe or is bound to fail. */
  renderable: boolean;
  /** What rendering would cost kustomize, counted the way it loads (a folder once per reference). */
  cost: RenderCost;
  /** The copy to render, when renderable. */
  vetted?: VettedRender;
  /** The source's kustomization file, where folder-wide findings go. */
  entry: string;
}

/** The relative path kustomize gets for a reference: always `./` or `../`, never readable as a URL or a remote. */
function relativeRef(from: string, to: string): string {
  const rel = posix.relative(from === '.' ? '' : from, to === '.' ? '' : to);
  return rel.startsWith('../') || rel === '..' ? rel : `./${rel}`;
}

export async function walkKustomizeGraph(root: string, source: string, network?: string, cache: KustomizationCache = new Map()): Promise<FolderGraph> {
  const tree = await treeContext(root, cache);
  const graph: FolderGraph = { source, deps: new Set([source]), kustomizations: [], findings: [], renderable: true, cost: ZERO_COST, entry: `${source}/kustomization.yaml` };
  const finding = (p: Problem) => {
    graph.findings.push({ check: 'input', severity: 'error', file: p.file, ...(p.line ? { line: p.line } : {}), rule: p.rule, message: p.message, ...(network ? { network } : {}) });
    graph.renderable = false;
  };
  const start = await resolveRef(tree, '.', source, 'folder');
  if (!start.ok || !start.isDir) {
    finding({ file: source, rule: start.ok ? 'input/not-a-folder' : start.rule, message: start.ok ? `${source} is not a folder` : start.message });
    return graph;
  }

  // 1. Every real folder reachable, loaded once (a loop of symlinks is one folder seen twice).
  const nodes = new Map<string, DirNode>();
  const queue = [start.real];
  while (queue.length > 0) {
    const dir = queue.shift()!;
    if (nodes.has(dir)) continue;
    if (nodes.size >= FOLDER_LIMITS.loads) {
      finding({ file: graph.entry, rule: 'input/too-large-render', message: `${source} reaches more than ${FOLDER_LIMITS.loads} folders with kustomizations; split it` });
      return graph;
    }
    const node = await loadDir(tree, dir);
    nodes.set(dir, node);
    for (const e of node.edges) if (!nodes.has(e.target)) queue.push(e.target);
  }
  const entry = nodes.get(start.real)!;
  if (entry.kfile) graph.entry = entry.kfile;
  for (const node of nodes.values()) {
    for (const d of node.deps) graph.deps.add(d);
    if (node.kfile && node.text !== undefined && node.value) graph.kustomizations.push({ file: node.kfile, content: node.text });
    for (const p of node.problems) finding(p);
    for (const f of node.files) {
      graph.deps.add(f.real);
      for (const p of f.loaded.problems) finding(p);
    }
  }

  // 2. What kustomize would load, unfolded: a folder is built once per reference to it. A
  // folder's transforms (its own and its components') act on all its objects; what its
  // resources do inside themselves adds up.
  interface Unfolded {
    cost: RenderCost;
    /** Transforms and replacement copies acting on this folder's objects: its own and its components'. */
    acting: { transforms: number; copies: number };
    /** Work and copies done inside its resources' folders and its components' resources. */
    inner: { work: number; copies: number };
  }
  const unfolded = new Map<string, Unfolded>();
  const stack: string[] = [];
  const unfold = (dir: string): Unfolded => {
    const known = unfolded.get(dir);
    if (known) return known;
    const node = nodes.get(dir)!;
    stack.push(dir);
    let total: RenderCost = { ...node.own, work: 0, copies: 0 };
    const acting = { transforms: node.own.transforms, copies: node.own.copies };
    const inner = { work: 0, copies: 0 };
    for (const f of node.files) {
      const size = { largestResource: f.ref.kind === 'resource' ? f.loaded.bytes : 0, largestPatch: f.ref.kind === 'patch' ? f.loaded.bytes : 0 };
      total = addCost(total, { ...ZERO_COST, objects: f.loaded.objects, nodes: f.loaded.nodes, bytes: f.loaded.bytes, ...size });
    }
    for (const e of node.edges) {
      const target = nodes.get(e.target)!;
      if (!target.kfile) {
        finding({ file: node.kfile!, ...(e.ref.line ? { line: e.ref.line } : {}), rule: 'input/missing-kustomization', message: `${e.ref.field} entry "${e.ref.ref}" is the folder ${e.target}/, which has no kustomization.yaml; point at a folder with one or at a file` });
        continue;
      }
      // kustomize refuses a folder that contains one already being built (a cycle).
      if (stack.some((s) => isInside(e.target === '.' ? '/' : `/${e.target}`, s === '.' ? '/' : `/${s}`))) {
        finding({ file: node.kfile!, ...(e.ref.line ? { line: e.ref.line } : {}), rule: 'input/cycle', message: `${e.ref.field} entry "${e.ref.ref}" is ${e.target}/, which contains a kustomization already being built; kustomize refuses the cycle` });
        continue;
      }
      const child = unfold(e.target);
      total = addCost(total, { ...child.cost, work: 0, copies: 0 });
      if (e.kind === 'component') {
        acting.transforms += child.acting.transforms;
        acting.copies += child.acting.copies;
        inner.work += child.inner.work;
        inner.copies += child.inner.copies;
      } else {
        inner.work += child.cost.work;
        inner.copies += child.cost.copies;
      }
    }
    stack.pop();
    total.work = acting.transforms * total.objects + inner.work;
    total.copies = acting.copies * total.objects + inner.copies;
    const result = { cost: total, acting, inner };
    unfolded.set(dir, result);
    return result;
  };
  if (entry.kfile) graph.cost = unfold(start.real).cost;
  else finding({ file: source, rule: 'input/missing-kustomization', message: `${source}/ has no kustomization.yaml` });
  const over = overLimits(graph.cost, FOLDER_LIMITS);
  if (over) finding({ file: graph.entry, rule: 'input/too-large-render', message: `rendering ${source} ${over}` });
  if (!graph.renderable) return graph;

  // 3. The copy kustomize will read: accepted files at their real paths, kustomizations written again.
  const files = new Map<string, string | Buffer>();
  for (const node of nodes.values()) {
    const rewrites: { path: (string | number)[]; value: string }[] = [];
    for (const e of node.edges) rewrites.push({ path: e.ref.path, value: relativeRef(node.dir, e.target) });
    for (const f of node.files) {
      const rel = relativeRef(node.dir, f.real);
      rewrites.push({ path: f.ref.path, value: f.ref.kind === 'generatorFile' ? `${f.ref.key ?? posix.basename(f.ref.ref)}=${rel}` : rel });
      files.set(f.real, f.loaded.content!);
    }
    files.set(node.kfile!, writeKustomization(rewriteRefs(node.value!, rewrites)));
  }
  graph.vetted = { source: start.real, files, cost: graph.cost };
  return graph;
}
