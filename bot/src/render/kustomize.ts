import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { EnvironmentError, InputError, ToolError } from '../errors.js';
import { walkKustomizeGraph, type FolderGraph, type KustomizationCache, type VettedRender } from '../repo/kustomizeGraph.js';
import { addCost, overLimits, PROCESS_LIMITS, ZERO_COST } from '../repo/renderCost.js';
import { detectIsolation, runKustomizeConfined, which, type Isolation, type KustomizeLimits } from './confine.js';

// The kustomize adapter. kustomize costs ~45 ms per process, so many folders are built in
// one process through a generated aggregate kustomization; each folder is wrapped so its
// resources carry the folder they came from, and origin annotations say which file.
// Kustomize never sees the repository: it builds a copy holding only what the walk vetted
// (repo/kustomizeGraph.ts), laid out at the same repo-relative paths, and runs confined
// (confine.ts).

export const RENDERED_FROM = 'substrate-gitops.io/rendered-from';
export const ORIGIN = 'config.kubernetes.io/origin';

interface KustomizeCommand {
  /** Absolute path: kustomize runs with an empty PATH. */
  file: string;
  args: string[];
  versionArgs: string[];
}

let kustomizeCommand: Promise<KustomizeCommand> | undefined;

/** `kustomize build` when a standalone kustomize is installed, else `kubectl kustomize`. */
export function findKustomize(): Promise<KustomizeCommand> {
  // Looked up on PATH, not by running it: on a loaded machine a slow `kubectl version` must not
  // read as a missing tool (that is exit 2). A failed lookup is not kept: installing the tool
  // fixes the next run without a restart.
  kustomizeCommand ??= (async () => {
    const standalone = await which('kustomize');
    if (standalone) return { file: standalone, args: ['build'], versionArgs: ['version'] };
    const kubectl = await which('kubectl');
    if (kubectl) return { file: kubectl, args: ['kustomize'], versionArgs: ['version', '--client'] };
    throw new EnvironmentError('neither kustomize nor kubectl is installed', 'install kubectl ≥ 1.27 (it includes kustomize) and re-run');
  })();
  kustomizeCommand.catch(() => {
    kustomizeCommand = undefined;
  });
  return kustomizeCommand;
}

/** How kustomize is confined on this machine (network namespace or not), detected once. */
export async function kustomizeIsolation(): Promise<Isolation> {
  return detectIsolation(await findKustomize());
}

export interface AggregateBuild {
  /** Rendered YAML stream of every folder. */
  output: string;
  /** Directory origin paths are relative to. */
  aggregateDir: string;
  /** The vetted copy: origin paths resolve into it, at the same repo-relative paths as the repository. */
  treeDir: string;
  /** Everything the build wrote; removed by cleanupBuild. */
  workDir: string;
}

export interface BuildOptions {
  /** The walked graphs of `sources` (by source); a source without one is walked here. */
  graphs?: ReadonlyMap<string, Pick<FolderGraph, 'renderable' | 'vetted' | 'findings'>>;
  limits?: Partial<KustomizeLimits>;
  /** Force the isolation (tests); default: what this machine allows. */
  isolation?: Isolation;
}

/** Group folders so that no kustomize process passes PROCESS_LIMITS (its cost grows faster than linearly). */
export function groupForProcesses<T extends { cost: VettedRender['cost'] }>(items: readonly T[]): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let sum = ZERO_COST;
  for (const item of items) {
    if (current.length > 0 && overLimits(addCost(sum, item.cost), PROCESS_LIMITS)) {
      groups.push(current);
      current = [];
      sum = ZERO_COST;
    }
    current.push(item);
    sum = addCost(sum, item.cost);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

async function vettedRenders(root: string, sources: readonly string[], graphs: BuildOptions['graphs']): Promise<VettedRender[]> {
  const cache: KustomizationCache = new Map();
  const out: VettedRender[] = [];
  for (const source of sources) {
    const graph = graphs?.get(source) ?? (await walkKustomizeGraph(root, source, undefined, cache));
    if (!graph.renderable || !graph.vetted) {
      const why = graph.findings.map((f) => `${f.file}${f.line ? `:${f.line}` : ''} ${f.message}`).join('; ');
      throw new InputError(`${source} is not rendered: ${why || 'its kustomization graph was refused'}`);
    }
    out.push(graph.vetted);
  }
  return out;
}

async function writeCopy(treeDir: string, renders: readonly VettedRender[]): Promise<void> {
  const written = new Set<string>();
  for (const render of renders) {
    for (const [path, content] of render.files) {
      if (written.has(path)) continue;
      written.add(path);
      const file = join(treeDir, path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content, { flag: 'wx' });
    }
  }
}

async function writeAggregate(aggDir: string, treeDir: string, items: readonly { source: string; render: VettedRender }[]): Promise<void> {
  const wrappers: string[] = [];
  for (const [i, { source, render }] of items.entries()) {
    const w = join(aggDir, `w${i}`);
    await mkdir(w, { recursive: true });
    await writeFile(join(w, 'kustomization.yaml'), `resources:\n- ${JSON.stringify(relative(w, join(treeDir, render.source)))}\ntransformers:\n- mark.yaml\n`);
    await writeFile(
      join(w, 'mark.yaml'),
      [
        'apiVersion: builtin',
        'kind: AnnotationsTransformer',
        'metadata:',
        '  name: rendered-from',
        'annotations:',
        `  ${RENDERED_FROM}: ${JSON.stringify(source)}`,
        'fieldSpecs:',
        '- path: metadata/annotations',
        '  create: true',
        '',
      ].join('\n'),
    );
    wrappers.push(`w${i}`);
  }
  await writeFile(join(aggDir, 'kustomization.yaml'), `buildMetadata: [originAnnotations]\nresources:\n${wrappers.map((w) => `- ${w}`).join('\n')}\n`);
}

/** Build `sources` (repo-relative folders of `root`) from their vetted copy, in as few confined kustomize processes as the limits allow. */
export async function buildFolders(root: string, sources: readonly string[], options: BuildOptions = {}): Promise<AggregateBuild> {
  const command = await findKustomize();
  const isolation = options.isolation ?? (await detectIsolation(command));
  const renders = await vettedRenders(root, sources, options.graphs);
  const workDir = await mkdtemp(join(tmpdir(), 'sg-render-'));
  const treeDir = join(workDir, 'tree');
  try {
    await writeCopy(treeDir, renders);
    // Aggregates are siblings (a0, a1, …) so an origin path means the same file from any of them.
    const groups = groupForProcesses(sources.map((source, i) => ({ source, render: renders[i]!, cost: renders[i]!.cost })));
    const outputs = await Promise.all(
      groups.map(async (group, g) => {
        const aggDir = join(workDir, `a${g}`);
        await writeAggregate(aggDir, treeDir, group);
        const run = await runKustomizeConfined(command.file, [...command.args, aggDir], { workDir: join(workDir, `run${g}`), isolation, ...(options.limits ? { limits: options.limits } : {}) });
        return run.stdout;
      }),
    );
    const output = outputs.map((o) => (o.endsWith('\n') || o === '' ? o : `${o}\n`)).join('---\n');
    return { output, aggregateDir: join(workDir, 'a0'), treeDir, workDir };
  } catch (error) {
    await rm(workDir, { recursive: true, force: true });
    if (error instanceof ToolError) {
      const clean = (t: string) => t.split(`${treeDir}/`).join('').split(workDir).join('<render>').split(`${root}/`).join('').split(root).join('.');
      throw new ToolError(error.tool, error.exitCode, clean(error.stderrTail), clean(error.message), error.timedOut, { cause: error });
    }
    throw error;
  }
}

export async function cleanupBuild(build: AggregateBuild): Promise<void> {
  await rm(build.workDir, { recursive: true, force: true });
}

/** The last lines of kustomize's complaint, as one sentence. */
export function describeKustomizeError(error: unknown): string {
  const raw =
    error instanceof ToolError ? (error.timedOut || !error.stderrTail ? error.message : error.stderrTail) : error instanceof InputError ? error.message : String(error);
  return raw.replace(/^Error: /gm, '').trim().split('\n').slice(-3).join(' ');
}
