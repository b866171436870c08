// Deciding: conftest's JSON output → findings on origin files and lines.
import type { Finding, Severity } from '../../findings.js';
import { imageSettingLine, replicasSettingLine } from '../../render/settingLines.js';
import type { RenderedResource } from '../../render/types.js';
import { resultKey, type PolicyFile } from './files.js';

export interface ConftestResult {
  msg: string;
  metadata?: Record<string, unknown>;
}

export interface ConftestFileResult {
  filename: string;
  namespace: string;
  successes?: number;
  failures?: ConftestResult[];
  warnings?: ConftestResult[];
  exceptions?: ConftestResult[];
}

function ruleOf(result: ConftestResult): string {
  const rule = result.metadata?.rule;
  if (typeof rule === 'string') return rule;
  return /^(SG-[A-Z]+-\d+)/.exec(result.msg)?.[1] ?? 'policy/unidentified';
}

function* results(output: readonly ConftestFileResult[]): Generator<{ file: string; severity: Severity; result: ConftestResult }> {
  for (const entry of output) {
    const file = entry.filename.split('/').pop() ?? entry.filename;
    for (const result of entry.failures ?? []) yield { file, severity: 'error', result };
    for (const result of entry.warnings ?? []) yield { file, severity: 'warning', result };
  }
}

/**
 * 1-based line of the first line at or after `fromLine` that contains `needle`, within the YAML
 * document that starts there (stops at the next `---`); undefined when the document lacks it.
 */
export function anchorLine(text: string, fromLine: number, needle: string): number | undefined {
  const lines = text.split('\n');
  for (let i = Math.max(0, fromLine - 1); i < lines.length; i++) {
    if (i > fromLine - 1 && /^---(\s|$)/.test(lines[i]!)) return undefined;
    if (lines[i]!.includes(needle)) return i + 1;
  }
  return undefined;
}

/** 1-based line of `replicas: <count>` in the YAML document that starts at `fromLine`. */
export function replicasLine(text: string, fromLine: number, count: number): number | undefined {
  const lines = text.split('\n');
  const pattern = new RegExp(`^\\s*replicas:\\s*(["']?)${count}\\1\\s*(#.*)?$`);
  for (let i = Math.max(0, fromLine - 1); i < lines.length; i++) {
    if (i > fromLine - 1 && /^---(\s|$)/.test(lines[i]!)) return undefined;
    if (pattern.test(lines[i]!)) return i + 1;
  }
  return undefined;
}

/** A result that points at a value (an image, a replica count) rather than at its resource. */
function pointsAtValue(result: ConftestResult): boolean {
  return typeof result.metadata?.at === 'string' || typeof result.metadata?.replicas === 'number';
}

/** Origin files whose text a result points into (results with an `at` or `replicas` value): read these, then pass them in. */
export function anchoredOrigins(output: readonly ConftestFileResult[], files: readonly PolicyFile[]): string[] {
  const index = resourceIndex(files);
  const wanted = new Set<string>();
  for (const { file, result } of results(output)) {
    if (!pointsAtValue(result)) continue;
    const resource = index.get(keyOf(file, result));
    if (resource?.origin.line !== undefined) wanted.add(resource.origin.file);
  }
  return [...wanted];
}

function resourceIndex(files: readonly PolicyFile[]): Map<string, RenderedResource> {
  const index = new Map<string, RenderedResource>();
  for (const f of files) for (const r of f.resources) index.set(resultKey(f.file, r.kind, r.namespace, r.name), r);
  return index;
}

function keyOf(file: string, result: ConftestResult): string {
  const m = result.metadata ?? {};
  const namespace = typeof m.namespace === 'string' && m.namespace !== '' ? m.namespace : undefined;
  return resultKey(file, String(m.kind ?? ''), namespace, String(m.name ?? ''));
}

/** Kustomization files of a rendered folder's graph (`images:`, `replicas:` entries). */
export type KustomizationsOf = (source: string) => readonly KustomizationFile[];

/**
 * Where a result about a value belongs: the line of its origin document holding the value (a
 * patch, the base), else the kustomization `images:` / `replicas:` entry that set it, else the
 * document itself.
 */
function valueLocation(resource: RenderedResource, result: ConftestResult, text: string | undefined, kustomizationsOf: KustomizationsOf): { file: string; line?: number } {
  const origin = resource.origin;
  const m = result.metadata ?? {};
  if (origin.line !== undefined && text !== undefined) {
    const line = typeof m.at === 'string' ? anchorLine(text, origin.line, m.at) : typeof m.replicas === 'number' ? replicasLine(text, origin.line, m.replicas) : undefined;
    if (line !== undefined) return { file: origin.file, line };
  }
  const kustomizations = () => kustomizationsOf(resource.source).map((k) => ({ file: k.file, text: k.content }));
  if (typeof m.image === 'string' && (m.image_part === 'tag' || m.image_part === 'name')) {
    const set = imageSettingLine(kustomizations(), resource.source, m.image, m.image_part);
    if (set) return set;
  }
  if (typeof m.replicas === 'number') {
    const set = replicasSettingLine(kustomizations(), resource.source, resource.name, m.replicas);
    if (set) return set;
  }
  return origin;
}

/**
 * `originTexts`: texts of origin files (see `anchoredOrigins`), to point a result at its `at`
 * value's line; `kustomizationsOf`: the kustomizations a folder's render went through, for
 * values set there.
 */
export function manifestFindings(output: readonly ConftestFileResult[], files: readonly PolicyFile[], originTexts: ReadonlyMap<string, string> = new Map(), kustomizationsOf: KustomizationsOf = () => []): Finding[] {
  const index = resourceIndex(files);
  const byFile = new Map(files.map((f) => [f.file, f]));
  const findings: Finding[] = [];
  for (const { file, severity, result } of results(output)) {
    const resource = index.get(keyOf(file, result));
    const where = resource ? (pointsAtValue(result) ? valueLocation(resource, result, originTexts.get(resource.origin.file), kustomizationsOf) : resource.origin) : undefined;
    const line = where?.line;
    // A result that names no resource of the file still belongs to the file's folder.
    const first = byFile.get(file)?.resources[0];
    const network = resource?.network ?? first?.network;
    findings.push({
      check: 'policy',
      severity,
      file: where?.file ?? first?.source ?? file,
      ...(line !== undefined ? { line } : {}),
      message: result.msg,
      rule: ruleOf(result),
      ...(network ? { network } : {}),
    });
  }
  return findings;
}

/** 1-based line of the list item naming `entry` (`- entry`, quoted or not), else of the field, else 1. */
export function entryLine(content: string, field: string, entry: string): number {
  const lines = content.split('\n');
  const item = lines.findIndex((l) => {
    const m = /^\s*-\s+(.*?)\s*(#.*)?$/.exec(l);
    return m?.[1] !== undefined && m[1].replace(/^(['"])(.*)\1$/, '$2') === entry;
  });
  if (item >= 0) return item + 1;
  const key = lines.findIndex((l) => new RegExp(`^${field}\\s*:`).test(l));
  return key >= 0 ? key + 1 : 1;
}

export interface KustomizationFile {
  /** Repository-relative path. */
  file: string;
  content: string;
}

export function networkOfPath(file: string): string | undefined {
  return /^networks\/([^/]+)\//.exec(file)?.[1];
}

export function kustomizationFindings(output: readonly ConftestFileResult[], tempNames: ReadonlyMap<string, KustomizationFile>): Finding[] {
  const findings: Finding[] = [];
  for (const { file, severity, result } of results(output)) {
    const source = tempNames.get(file);
    if (!source) continue;
    const m = result.metadata ?? {};
    const line = entryLine(source.content, String(m.field ?? ''), String(m.entry ?? ''));
    const network = networkOfPath(source.file);
    findings.push({ check: 'policy', severity, file: source.file, line, message: result.msg, rule: ruleOf(result), ...(network ? { network } : {}) });
  }
  return findings;
}
