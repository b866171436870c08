// Doing: validate every rendered resource against the generated schemas with ONE
// kubeconform process, and turn its results into findings.
import { readdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Finding } from '../../findings.js';
import type { RenderedResource } from '../../render/types.js';
import { ToolError } from '../../errors.js';
import { ensureTool } from '../../tools/install.js';
import { runTool } from '../../tools/run.js';
import { PINNED } from '../../tools/versions.js';
import { batchText, planBatches } from './batches.js';
import { ensureSchemas } from './generate.js';
import { groupVersionKind, schemaFileFor, schemaLocation } from './layout.js';
import { findingsFromResults, noSchemaFinding, type KubeconformResult } from './results.js';

export interface SchemaCheckOptions {
  /** Generated schema folder (default: the cached one for the pins, generated on first use). */
  schemaDir?: string;
  /** kubeconform binary (default: the pinned one, installed on first use). */
  kubeconform?: string;
  workers?: number;
  timeoutMs?: number;
}

async function listSchemaFiles(dir: string): Promise<Set<string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return new Set(entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => relative(dir, join(e.parentPath, e.name))));
}

export async function checkSchema(resources: readonly RenderedResource[], options: SchemaCheckOptions = {}): Promise<Finding[]> {
  if (resources.length === 0) return [];
  const schemaDir = options.schemaDir ?? (await ensureSchemas());
  const known = await listSchemaFiles(schemaDir);
  const hasSchema = (r: RenderedResource) => known.has(schemaFileFor(groupVersionKind(r.apiVersion, r.kind)));
  const findings = resources.filter((r) => !hasSchema(r)).map(noSchemaFinding);
  const batches = planBatches(resources.filter(hasSchema));
  if (batches.length === 0) return findings;

  const binary = options.kubeconform ?? (await ensureTool('kubeconform'));
  const workDir = await mkdtemp(join(tmpdir(), 'sg-schema-'));
  try {
    await Promise.all(batches.map((b) => writeFile(join(workDir, b.file), batchText(b))));
    const { stdout } = await runTool(
      'kubeconform',
      binary,
      [
        '-strict',
        '-summary=false',
        '-output',
        'json',
        '-schema-location',
        schemaLocation(schemaDir),
        '-kubernetes-version',
        PINNED.kubernetes.version.replace(/^v/, ''),
        '-n',
        String(options.workers ?? availableParallelism()),
        ...batches.map((b) => b.file),
      ],
      { cwd: workDir, timeoutMs: options.timeoutMs ?? 120_000, okExitCodes: [0, 1] },
    );
    let parsed: { resources?: KubeconformResult[] };
    try {
      parsed = JSON.parse(stdout) as { resources?: KubeconformResult[] };
    } catch (error) {
      throw new ToolError('kubeconform', 1, stdout.slice(-2000), 'kubeconform printed output that is not JSON', false, { cause: error });
    }
    return [...findings, ...findingsFromResults(parsed.resources ?? [], batches)];
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
