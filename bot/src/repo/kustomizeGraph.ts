import { lstat, realpath, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Finding } from '../findings.js';
import type { PlainData } from '../yaml/emit.js';
import { decodeUtf8, MAX_YAML_BYTES, vetYaml } from '../yaml/parse.js';
import { readKustomization, rewriteRefs, writeKustomization, type KustomizationRef } from './kustomization.js';
import type { RefKind } from './kustomizationSchema.js';
import { isInside, KUSTOMIZATION_FILES, readTreeFile, repoPath } from './tree.js';
import { addCost, overLimits, FOLDER_LIMITS, ZERO_COST, type RenderCost } from './renderCost.js';

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

/** Distinct bytes one tree's walks may read and parse, over all folders. */
export const TREE_MAX_READ_BYTES = 32 * 1024 * 1024;

const tooMuchRead = `the kustomize inputs of this revision pass ${TREE_MAX_READ_BYTES / 1024 / 1024} MiB in total here; keep generated or vendored data out of the rendered folders`;

interface Problem {
  file: string;
  line?: number;
  rule: string;
  message: string;
}

interface LoadedFile {
  bytes: number;
  nodes: number;
  objects: number;
  content?: Buffer;
  problems: Problem[];
}

interface Edge {
  target: string;
  kind: 'resource' | 'component';
  ref: KustomizationRef;
}

interface FileUse {
  real: string;
  ref: KustomizationRef;
  loaded: LoadedFile;
}

interface DirNode {
  dir: string;
  /** `dir/<name>`: where kustomize finds the kustomization. */
  kfile?: string;
  text?: string;
  value?: Record<string, PlainData>;
  problems: Problem[];
  edges: Edge[];
  files: FileUse[];
  deps: string[];
  own: RenderCost;
}

/** Per-tree memo: shared bases are read and parsed once, however many folders use them. */
export type KustomizationCache = Map<string, Promise<unknown>>;

interface TreeContext {
  realRoot: string;
  readBytes: { total: number };
  cache: KustomizationCache;
}

function memo<T>(cache: KustomizationCache, key: string, make: () => Promise<T>): Promise<T> {
  let value = cache.get(key) as Promise<T> | undefined;
  if (!value) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

type Resolved = { ok: true; lexical: string; real: string; isDir: boolean } | { ok: false; rule: string; message: string; lexical?: string };

/** Where a reference really leads: lexical join like kustomize, then every symlink followed, inside the tree or refused. */
async function resolveRef(tree: TreeContext, dir: string, ref: string, field: string): Promise<Resolved> {
  const lexical = posix.normalize(posix.join(dir, ref)).replace(/\/$/, '') || '.';
  if (lexical === '..' || lexical.startsWith('../')) return { ok: false, rule: 'input/path-outside-repo', message: `${field} entry "${ref}" points outside the repository` };
  const abs = posix.join(tree.realRoot, lexical);
  let real: string;
  try {
    real = await realpath(abs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { ok: false, rule: 'input/symlink-loop', message: `${field} entry "${ref}" goes through a symlink loop`, lexical };
    const dangling = await lstat(abs).then(() => true, () => false);
    return { ok: false, rule: 'input/missing-path', message: `${field} entry "${ref}" does not exist (${lexical}${dangling ? ' is a symlink to nothing' : ''})`, lexical };
  }
  if (!isInside(tree.realRoot, real)) return { ok: false, rule: 'input/symlink-outside', message: `${field} entry "${ref}" goes through a symlink that leaves the repository`, lexical };
  const info = await stat(real);
  if (!info.isDirectory() && !info.isFile()) return { ok: false, rule: 'input/not-a-file', message: `${field} entry "${ref}" is neither a file nor a folder`, lexical };
  return { ok: true, lexical, real: repoPath(tree.realRoot, real) || '.', isDir: info.isDirectory() };
}

const YAML_KINDS: ReadonlySet<RefKind> = new Set(['resource', 'patch', 'replacement', 'crd', 'configuration']);

/** Read one file kustomize will read, once per tree: size, UTF-8 and YAML limits first. */
function loadFile(tree: TreeContext, real: string, kind: RefKind): Promise<LoadedFile> {
  const parse = YAML_KINDS.has(kind) ? 'yaml' : kind === 'envFile' ? 'text' : 'bytes';
  return memo(tree.cache, `file:${parse}:${real}`, async (): Promise<LoadedFile> => {
    const fail = (rule: string, message: string, line?: number): LoadedFile => ({ bytes: 0, nodes: 0, objects: 0, problems: [{ file: real, rule, message, ...(line ? { line } : {}) }] });
    const read = await readTreeFile(tree.realRoot, real, MAX_YAML_BYTES);
    if (!read.ok) return fail(`input/${read.reason}`, read.reason === 'too-large' ? `${read.message}; kustomize inputs are limited to 2 MiB a file` : read.message);
    tree.readBytes.total += read.content.length;
    if (tree.readBytes.total > TREE_MAX_READ_BYTES) return fail('input/too-large-tree', tooMuchRead);
    if (parse === 'bytes') return { bytes: read.content.length, nodes: 1, objects: 0, content: read.content, problems: [] };
    const decoded = decodeUtf8(read.content);
    if (decoded.text === undefined) return fail('input/not-utf8', decoded.problem!.message, decoded.problem?.line);
    if (parse === 'text') return { bytes: read.content.length, nodes: decoded.text.split('\n').length, objects: 0, content: read.content, problems: [] };
    const vetted = vetYaml(decoded.text);
    return {
      bytes: read.content.length,
      nodes: vetted.nodes,
      objects: kind === 'resource' ? vetted.objects : 0,
      content: read.content,
      problems: vetted.problems.map((p) => ({ file: real, rule: p.limit ? `input/${p.limit}` : 'input/yaml', message: p.limit ? p.message : `${p.message}; fix the YAML`, ...(p.line ? { line: p.line } : {}) })),
    };
  });
}

/** The kustomization of one real folder and everything it references, once per tree. */
function loadDir(tree: TreeContext, dir: string): Promise<DirNode> {
  return memo(tree.cache, `dir:${dir}`, async (): Promise<DirNode> => {
    const node: DirNode = { dir, problems: [], edges: [], files: [], deps: [dir], own: { ...ZERO_COST, loads: 1 } };
    const at = (name: string) => (dir === '.' ? name : `${dir}/${name}`);
    const present: string[] = [];
    for (const name of KUSTOMIZATION_FILES) {
      if (await lstat(posix.join(tree.realRoot, at(name))).then(() => true, () => false)) present.push(name);
    }
    if (present.length === 0) return node;
    const name = present[0]!;
    node.kfile = at(name);
    node.deps.push(node.kfile);
    const problem = (rule: string, message: string, line?: number) => node.problems.push({ file: node.kfile!, rule, message, ...(line ? { line } : {}) });
    if (present.length > 1) problem('input/kustomization', `${dir}/ holds ${present.join(' and ')}; kustomize refuses a folder with more than one — keep one`);
    const read = await readTreeFile(tree.realRoot, node.kfile, MAX_YAML_BYTES);
    if (!read.ok) {
      problem(`input/${read.reason}`, read.message);
      return node;
    }
    tree.readBytes.total += read.content.length;
    if (tree.readBytes.total > TREE_MAX_READ_BYTES) {
      problem('input/too-large-tree', tooMuchRead);
      return node;
    }
    const decoded = decodeUtf8(read.content);
    if (decoded.text === undefined) {
      problem('input/not-utf8', decoded.problem!.message, decoded.problem?.line);
      return node;
    }
    node.text = decoded.text;
    const k = readKustomization(decoded.text);
    for (const p of k.problems) problem(p.rule, p.message, p.line);
    if (!k.value) return node;
    node.value = k.value;
    node.own = { ...ZERO_COST, loads: 1, objects: k.generated, nodes: k.inlineNodes, bytes: read.content.length, transforms: k.transforms, copies: k.copies, largestPatch: k.largestPatch };
    for (const ref of k.refs) {
      const resolved = await resolveRef(tree, dir, ref.ref, ref.field);
      if (resolved.lexical) node.deps.push(resolved.lexical);
      if (!resolved.ok) {
        problem(resolved.rule, resolved.message, ref.line);
        continue;
      }
      node.deps.push(resolved.real);
      if (resolved.isDir) {
        if (ref.kind === 'resource' || ref.kind === 'component') node.edges.push({ target: resolved.real, kind: ref.kind, ref });
        else problem('input/not-a-file', `${ref.field} entry "${ref.ref}" is a folder; it must name a file`, ref.line);
        continue;
      }
      if (ref.kind === 'component') {
        problem('input/kustomization', `${ref.field} entry "${ref.ref}" is a file; components are folders with a kustomization`, ref.line);
        continue;
      }
      // kustomize's load restrictor: files only from the kustomization's own folder or below it.
      if (!isInside(dir === '.' ? '/' : `/${dir}`, `/${resolved.real}`)) {
        problem(
          'input/file-outside-folder',
          `${ref.field} entry "${ref.ref}" is ${resolved.real}, outside ${dir}/; kustomize reads files only in or below the kustomization's folder — refer to a folder with its own kustomization instead`,
          ref.line,
        );
        continue;
      }
      const loaded = await loadFile(tree, resolved.real, ref.kind);
      node.files.push({ real: resolved.real, ref, loaded });
      // A replacement file may hold many replacements: count every node of it as one copy.
      if (ref.kind === 'replacement') node.own.copies += loaded.nodes;
    }
    return node;
  });
}

async function treeContext(root: string, cache: KustomizationCache): Promise<TreeContext> {
  return memo(cache, 'tree', async () => ({ realRoot: await realpath(root), readBytes: { total: 0 }, cache }));
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
