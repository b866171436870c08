// Deciding: conftest's JSON output → findings on origin files and lines.
import type { Finding, Severity } from '../../findings.js';
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

export function manifestFindings(output: readonly ConftestFileResult[], files: readonly PolicyFile[]): Finding[] {
  const index = new Map<string, RenderedResource>();
  const byFile = new Map<string, PolicyFile>();
  for (const f of files) {
    byFile.set(f.file, f);
    for (const r of f.resources) index.set(resultKey(f.file, r.kind, r.namespace, r.name), r);
  }
  const findings: Finding[] = [];
  for (const { file, severity, result } of results(output)) {
    const m = result.metadata ?? {};
    const namespace = typeof m.namespace === 'string' && m.namespace !== '' ? m.namespace : undefined;
    const resource = index.get(resultKey(file, String(m.kind ?? ''), namespace, String(m.name ?? '')));
    // A result that names no resource of the file still belongs to the file's folder.
    const first = byFile.get(file)?.resources[0];
    const network = resource?.network ?? first?.network;
    findings.push({
      check: 'policy',
      severity,
      file: resource?.origin.file ?? first?.source ?? file,
      ...(resource?.origin.line !== undefined ? { line: resource.origin.line } : {}),
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
