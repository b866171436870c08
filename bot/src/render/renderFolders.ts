import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { EnvironmentError } from '../errors.js';
import type { Finding } from '../findings.js';
import type { FolderGraph } from '../repo/kustomizeGraph.js';
import { isInside } from '../repo/tree.js';
import { buildFolders, cleanupBuild, describeKustomizeError } from './kustomize.js';
import { locateDocument, splitRenderedOutput } from './resources.js';
import type { RenderedFolder, RenderedResource } from './types.js';

export interface RenderRequest {
  source: string;
  network?: string;
  /** Repo-relative YAML files inside the folder itself (patches): preferred as a resource's location. */
  localFiles?: string[];
  /** The folder's walked graph (its vetted copy); without it the folder is walked again before rendering. */
  graph?: Pick<FolderGraph, 'renderable' | 'vetted' | 'findings'>;
}

export interface RenderOutcome {
  folders: RenderedFolder[];
  findings: Finding[];
}

const BATCH_SIZE = 25;
const PARALLEL_BATCHES = 2;

/** Render folders of one tree: batched, in parallel; a failing batch is retried folder by folder so the error lands on the right folder. */
export async function renderFolders(root: string, requests: readonly RenderRequest[], timeoutMs = 120_000): Promise<RenderOutcome> {
  const batches: RenderRequest[][] = [];
  const size = Math.max(1, Math.min(BATCH_SIZE, Math.ceil(requests.length / PARALLEL_BATCHES)));
  for (let i = 0; i < requests.length; i += size) batches.push(requests.slice(i, i + size));
  const resources: RenderedResource[] = [];
  const findings: Finding[] = [];
  const fileCache = new Map<string, Promise<string | undefined>>();

  const renderBatch = async (batch: RenderRequest[]): Promise<void> => {
    try {
      resources.push(...(await renderOnce(root, batch)));
    } catch (error) {
      // No kustomize on the machine is no folder's fault: never a finding (exit 2, a failed run).
      if (error instanceof EnvironmentError) throw error;
      if (batch.length === 1) {
        const r = batch[0]!;
        findings.push({
          check: 'render',
          severity: 'error',
          file: `${r.source}/kustomization.yaml`,
          message: `kustomize could not render ${r.source}: ${describeKustomizeError(error)}`,
          rule: 'render/kustomize',
          ...(r.network ? { network: r.network } : {}),
        });
        return;
      }
      for (const one of batch) await renderBatch([one]);
    }
  };
  const queue = [...batches];
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL_BATCHES, queue.length) }, async () => {
      for (let b = queue.shift(); b; b = queue.shift()) await renderBatch(b);
    }),
  );

  // Where each resource is declared: a patch in the folder itself beats the shared base.
  const readCached = (file: string) => {
    if (!fileCache.has(file)) fileCache.set(file, readFile(resolve(root, file), 'utf8').catch(() => undefined));
    return fileCache.get(file)!;
  };
  const byRequest = new Map(requests.map((r) => [r.source, r]));
  for (const res of resources) {
    const req = byRequest.get(res.source);
    let located = false;
    if (req?.localFiles && !res.origin.file.startsWith(`${res.source}/`)) {
      for (const file of req.localFiles) {
        const text = await readCached(file);
        const line = text ? locateDocument(text, res.kind, res.name) : undefined;
        if (line !== undefined) {
          res.origin = { file, line };
          located = true;
        }
      }
    }
    if (!located) {
      const text = await readCached(res.origin.file);
      const line = text ? locateDocument(text, res.kind, res.name) : undefined;
      if (line !== undefined) res.origin.line = line;
    }
  }

  const folders: RenderedFolder[] = requests
    .filter((r) => !findings.some((f) => f.check === 'render' && f.file === `${r.source}/kustomization.yaml`))
    .map((r) => ({ source: r.source, ...(r.network ? { network: r.network } : {}), resources: resources.filter((x) => x.source === r.source) }));
  return { folders, findings };
}

async function renderOnce(root: string, batch: RenderRequest[]): Promise<RenderedResource[]> {
  const build = await buildFolders(root, batch.map((b) => b.source), { graphs: new Map(batch.flatMap((b) => (b.graph ? [[b.source, b.graph] as const] : []))) });
  try {
    const networks = new Map(batch.map((b) => [b.source, b.network]));
    return splitRenderedOutput(
      build.output,
      (originPath) => {
        const abs = resolve(build.aggregateDir, originPath);
        return isInside(build.treeDir, abs) ? relative(build.treeDir, abs).split(sep).join('/') : originPath;
      },
      (source) => networks.get(source),
    );
  } finally {
    await cleanupBuild(build);
  }
}
