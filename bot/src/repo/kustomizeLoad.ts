import { lstat, realpath, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import type { PlainData } from '../yaml/emit.js';
import { decodeUtf8, MAX_YAML_BYTES, vetYaml } from '../yaml/parse.js';
import { readKustomization, type KustomizationRef } from './kustomization.js';
import type { RefKind } from './kustomizationSchema.js';
import { ZERO_COST, type RenderCost } from './renderCost.js';
import { isInside, KUSTOMIZATION_FILES, readTreeFile, repoPath } from './tree.js';

// Reading for the walk (kustomizeGraph.ts), once per tree: where a reference really leads
// (symlinks followed, inside the tree or refused), each kustomization read by the allow-list,
// each file kustomize will read parsed safely. Memoized per tree, so shared bases are read once.

/** Distinct bytes one tree's walks may read and parse, over all folders. */
export const TREE_MAX_READ_BYTES = 32 * 1024 * 1024;

const tooMuchRead = `the kustomize inputs of this revision pass ${TREE_MAX_READ_BYTES / 1024 / 1024} MiB in total here; keep generated or vendored data out of the rendered folders`;

export interface Problem {
  file: string;
  line?: number;
  rule: string;
  message: string;
}

export interface LoadedFile {
  bytes: number;
  nodes: number;
  objects: number;
  content?: Buffer;
  problems: Problem[];
}

export interface Edge {
  target: string;
  kind: 'resource' | 'component';
  ref: KustomizationRef;
}

export interface FileUse {
  real: string;
  ref: KustomizationRef;
  loaded: LoadedFile;
}

export interface DirNode {
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

export interface TreeContext {
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

export type Resolved = { ok: true; lexical: string; real: string; isDir: boolean } | { ok: false; rule: string; message: string; lexical?: string };

/** Where a reference really leads: lexical join like kustomize, then every symlink followed, inside the tree or refused. */
export async function resolveRef(tree: TreeContext, dir: string, ref: string, field: string): Promise<Resolved> {
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
export function loadDir(tree: TreeContext, dir: string): Promise<DirNode> {
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

export async function treeContext(root: string, cache: KustomizationCache): Promise<TreeContext> {
  return memo(cache, 'tree', async () => ({ realRoot: await realpath(root), readBytes: { total: 0 }, cache }));
}

