// Deciding: kubeconform's JSON output → findings on the resources' origin files.
import type { Finding } from '../../findings.js';
import type { RenderedResource } from '../../render/types.js';
import { batchKey, type SchemaBatch } from './batches.js';

export interface KubeconformResult {
  filename: string;
  kind: string;
  name: string;
  version: string;
  status: 'statusValid' | 'statusInvalid' | 'statusError' | 'statusSkipped' | string;
  msg: string;
}

/** `... - at '/spec/replicas': got string, want null or integer - at ...` → path and problem per leaf error. */
export function splitValidationMessage(msg: string): { path: string; problem: string }[] {
  const problems: { path: string; problem: string }[] = [];
  const pattern = /- at '([^']*)': (.*?)(?=\s+- at '|$)/g;
  for (const match of msg.matchAll(pattern)) {
    const problem = (match[2] ?? '').trim().replace(/\bnull or /g, '').replace(/, null\b/g, '');
    if (problem === 'validation failed') continue;
    problems.push({ path: match[1] ?? '', problem });
  }
  return problems;
}

/** `/spec/template/spec/containers/0` → `spec.template.spec.containers[0]`. */
export function dottedPath(pointer: string): string {
  const parts = pointer.split('/').filter(Boolean);
  if (parts.length === 0) return '(top level)';
  return parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function finding(resource: RenderedResource | undefined, fallbackFile: string, rule: string, message: string): Finding {
  return {
    check: 'schema',
    severity: 'error',
    file: resource?.origin.file ?? fallbackFile,
    ...(resource?.origin.line !== undefined ? { line: resource.origin.line } : {}),
    message,
    rule,
    ...(resource?.network ? { network: resource.network } : {}),
  };
}

export function findingsFromResults(results: readonly KubeconformResult[], batches: readonly SchemaBatch[]): Finding[] {
  const index = new Map<string, RenderedResource>();
  const sourceOfFile = new Map<string, string>();
  for (const batch of batches) {
    sourceOfFile.set(batch.file, batch.resources[0]?.source ?? batch.file);
    for (const r of batch.resources) index.set(batchKey(batch.file, r.kind, r.apiVersion, r.name), r);
  }
  const findings: Finding[] = [];
  for (const result of results) {
    if (result.status === 'statusValid' || result.status === 'statusSkipped') continue;
    const file = result.filename.split('/').pop() ?? result.filename;
    const resource = index.get(batchKey(file, result.kind, result.version, result.name));
    const fallback = sourceOfFile.get(file) ?? file;
    const what = `${result.kind || 'resource'}/${result.name || '?'}`;
    if (result.status === 'statusInvalid') {
      const problems = splitValidationMessage(result.msg);
      if (problems.length === 0) problems.push({ path: '', problem: result.msg });
      for (const { path, problem } of problems) {
        const field = dottedPath(path);
        const advice = /additional propert/.test(problem)
          ? `remove or correct the field (check its spelling and indentation against the ${result.version} ${result.kind} API)`
          : `correct ${field} to match the ${result.version} ${result.kind} API`;
        findings.push(finding(resource, fallback, 'schema/invalid', `${what}: ${field}: ${problem} — ${advice}`));
      }
    } else {
      findings.push(finding(resource, fallback, 'schema/unreadable', `${what}: ${result.msg} — fix the manifest so it parses as one Kubernetes object`));
    }
  }
  return findings;
}

/** A resource whose kind has no generated schema: reported without asking kubeconform. */
export function noSchemaFinding(resource: RenderedResource): Finding {
  return finding(
    resource,
    resource.source,
    'schema/no-schema',
    `${resource.kind}/${resource.name}: no schema for ${resource.kind} (${resource.apiVersion}) — check apiVersion and kind for typos; a custom resource needs its CRD added to the schema sources (bot/src/checks/schema/sources.ts)`,
  );
}
