import { networksOf, type CheckName, type Finding } from '../findings.js';
import type { CheckResult } from '../pipeline/types.js';

// Pure helpers shared by every report format.

export const STAGES: readonly CheckName[] = ['render', 'schema', 'policy', 'argocd', 'keys'];

/** Input findings (broken YAML, unsafe paths) are reported under the render stage. */
export function stageOf(f: Finding): CheckName {
  return f.check === 'input' ? 'render' : f.check;
}

export function countBy(findings: readonly Finding[], stage: CheckName, severity: Finding['severity']): number {
  return findings.filter((f) => stageOf(f) === stage && f.severity === severity).length;
}

export function headline(result: CheckResult): string {
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = result.findings.length - errors;
  const parts = [`${result.folders.length} folder${result.folders.length === 1 ? '' : 's'} checked`];
  if (errors) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  return `${result.ok ? 'passed' : 'failed'}: ${parts.join(', ')}`;
}

export function location(f: Finding): string {
  return f.line ? `${f.file}:${f.line}` : f.file;
}

/** Findings of a folder: by network, or by file prefix for cluster folders. */
export function findingsOf(result: CheckResult, source: string, network?: string): Finding[] {
  return result.findings.filter((f) => (network ? networksOf(f).includes(network) : false) || f.file === source || f.file.startsWith(`${source}/`));
}

/** Why a failing check's plan is not what the merge will do (post-merge refuses such networks). */
export const BLOCKED_PLAN = 'The check failed on this commit, so this is not what a merge would do: nothing runs on chain for a network with error findings. Once the findings are fixed, these are the steps the merge will cause.';
