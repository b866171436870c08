import { lstat, realpath } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Finding } from '../findings.js';
import { decodeUtf8, MAX_YAML_BYTES, parseYaml } from '../yaml/parse.js';
import { isInside, kustomizationFileIn, readTreeFile } from './tree.js';

// Walks a folder's kustomization graph before kustomize ever runs: this is what keeps an
// untrusted pull request from making kustomize fetch a URL or read outside the repository.

export interface FolderGraph {
  source: string;
  /** Repo-relative files and folders the render depends on. */
  deps: Set<string>;
  /** Every kustomization file reached, with its text (for the remote-base policy). */
  kustomizations: { file: string; content: string }[];
  findings: Finding[];
  /** False when rendering would be unsafe or is bound to fail. */
  renderable: boolean;
}

const PATH_LIST_FIELDS = ['resources', 'bases', 'components', 'crds', 'transformers', 'generators', 'validators', 'configurations'];

export function isRemoteReference(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) || /^git@/.test(ref) || /^(github|gitlab|bitbucket)\.(com|org)\//.test(ref) || /\?(ref|version|timeout|submodules)=/.test(ref) || ref.includes('.git//');
}

/** Path-like strings a kustomization references, with the field they came from. */
export function referencedPaths(k: Record<string, unknown>): { field: string; ref: string; inline?: boolean }[] {
  const out: { field: string; ref: string; inline?: boolean }[] = [];
  const push = (field: string, v: unknown) => {
    if (typeof v === 'string' && v.trim() !== '') out.push({ field, ref: v.trim() });
  };
  for (const field of PATH_LIST_FIELDS) {
    const list = k[field];
    if (Array.isArray(list)) for (const item of list) if (typeof item === 'string' && !item.includes('\n')) push(field, item);
  }
  for (const field of ['patches', 'patchesJson6902', 'replacements']) {
    const list = k[field];
    if (Array.isArray(list)) for (const item of list) if (item && typeof item === 'object') push(field, (item as { path?: unknown }).path);
  }
  const psm = k.patchesStrategicMerge;
  if (Array.isArray(psm)) for (const item of psm) if (typeof item === 'string' && !item.includes('\n')) push('patchesStrategicMerge', item);
  for (const field of ['configMapGenerator', 'secretGenerator']) {
    const list = k[field];
    if (!Array.isArray(list)) continue;
    for (const gen of list) {
      if (!gen || typeof gen !== 'object') continue;
      const g = gen as { files?: unknown; envs?: unknown; env?: unknown };
      if (Array.isArray(g.files)) for (const f of g.files) if (typeof f === 'string') push(field, f.includes('=') ? f.slice(f.indexOf('=') + 1) : f);
      if (Array.isArray(g.envs)) for (const f of g.envs) push(field, f);
      push(field, g.env);
    }
  }
  const openapi = k.openapi as { path?: unknown } | undefined;
  if (openapi && typeof openapi === 'object') push('openapi', openapi.path);
  return out;
}

function lineOf(text: string, needle: string): number | undefined {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  return i >= 0 ? i + 1 : undefined;
}

export interface LoadedKustomization {
  kfile?: string;
  text?: string;
  value?: unknown;
  yamlProblems: { message: string; line?: number }[];
  problem?: { rule: string; message: string; line?: number };
}

/** Per-tree memo: shared bases are read and parsed once, however many networks use them. */
export type KustomizationCache = Map<string, Promise<LoadedKustomization>>;

function loadKustomization(root: string, dir: string, cache: KustomizationCache): Promise<LoadedKustomization> {
  let loaded = cache.get(dir);
  if (!loaded) {
    loaded = (async (): Promise<LoadedKustomization> => {
      const kfile = await kustomizationFileIn(root, dir);
      if (!kfile) return { yamlProblems: [] };
      const read = await readTreeFile(root, kfile, MAX_YAML_BYTES);
      if (!read.ok) return { kfile, yamlProblems: [], problem: { rule: `input/${read.reason}`, message: read.message } };
      const decoded = decodeUtf8(read.content);
      if (decoded.text === undefined) return { kfile, yamlProblems: [], problem: { rule: 'input/not-utf8', message: decoded.problem!.message, ...(decoded.problem?.line ? { line: decoded.problem.line } : {}) } };
      const parsed = parseYaml(decoded.text);
      return { kfile, text: decoded.text, value: parsed.docs[0]?.value, yamlProblems: parsed.problems };
    })();
    cache.set(dir, loaded);
  }
  return loaded;
}

export async function walkKustomizeGraph(root: string, source: string, network?: string, cache: KustomizationCache = new Map()): Promise<FolderGraph> {
  const graph: FolderGraph = { source, deps: new Set(), kustomizations: [], findings: [], renderable: true };
  const realRoot = await realpath(root);
  const visited = new Set<string>();
  const finding = (file: string, line: number | undefined, rule: string, message: string) => {
    graph.findings.push({ check: 'input', severity: 'error', file, line, rule, message, network });
    graph.renderable = false;
  };

  async function visitDir(dir: string, from?: { file: string; line?: number }): Promise<void> {
    if (visited.has(dir)) return;
    visited.add(dir);
    graph.deps.add(dir);
    const loaded = await loadKustomization(root, dir, cache);
    if (!loaded.kfile) {
      if (from) finding(from.file, from.line, 'input/missing-kustomization', `${dir}/ has no kustomization.yaml; point at a folder with one or at a file`);
      return;
    }
    const kfile = loaded.kfile;
    graph.deps.add(kfile);
    if (loaded.problem) return finding(kfile, loaded.problem.line, loaded.problem.rule, loaded.problem.message);
    const text = loaded.text!;
    graph.kustomizations.push({ file: kfile, content: text });
    for (const p of loaded.yamlProblems) finding(kfile, p.line, 'input/yaml', `${p.message}; fix the YAML`);
    const k = loaded.value;
    if (!k || typeof k !== 'object' || Array.isArray(k)) {
      if (loaded.yamlProblems.length === 0) finding(kfile, 1, 'input/kustomization', 'kustomization is empty or not a mapping');
      return;
    }
    const decoded = { text };
    const kust = k as Record<string, unknown>;
    if (kust.helmCharts || kust.helmChartInflationGenerator) {
      finding(kfile, lineOf(decoded.text, 'helmChart'), 'input/helm', 'helmCharts need a chart download at render time; vendor the rendered manifests instead');
    }
    for (const { field, ref } of referencedPaths(kust)) {
      const line = lineOf(decoded.text, ref);
      if (isRemoteReference(ref)) {
        finding(kfile, line, 'input/remote-base', `${field} entry "${ref}" is a remote reference; the check renders offline — vendor it under apps/`);
        continue;
      }
      if (posix.isAbsolute(ref)) {
        finding(kfile, line, 'input/path-outside-repo', `${field} entry "${ref}" is an absolute path; use a path relative to ${dir || '.'}/`);
        continue;
      }
      const target = posix.normalize(posix.join(dir, ref));
      if (target === '..' || target.startsWith('../')) {
        finding(kfile, line, 'input/path-outside-repo', `${field} entry "${ref}" points outside the repository`);
        continue;
      }
      let info;
      try {
        info = await lstat(`${root}/${target}`);
      } catch {
        finding(kfile, line, 'input/missing-path', `${field} entry "${ref}" does not exist (${target})`);
        continue;
      }
      if (info.isSymbolicLink()) {
        const real = await realpath(`${root}/${target}`).catch(() => undefined);
        if (!real || !isInside(realRoot, real)) {
          finding(kfile, line, 'input/symlink-outside', `${field} entry "${ref}" is a symlink that leaves the repository`);
          continue;
        }
        info = await lstat(real);
      }
      if (info.isDirectory()) await visitDir(target, { file: kfile, line });
      else graph.deps.add(target);
    }
  }

  await visitDir(source);
  return graph;
}
