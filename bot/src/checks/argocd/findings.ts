// Deciding: the verdict as findings. A refused resource is an error at its own file:line; a
// refused Application at the Application (or ApplicationSet) that declares it, tagged with the
// network it would have synced, so the post-merge run refuses that network instead of waiting
// for a sync that fails.
import type { Finding } from '../../findings.js';
import type { ArgoCdVerdict } from './types.js';

export function argoCdFindings(verdict: ArgoCdVerdict): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const push = (f: Finding) => {
    const key = `${f.file}:${f.line ?? ''}:${f.rule}:${f.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(f);
  };
  for (const app of verdict.applications) {
    for (const r of app.refusals) {
      push({
        check: 'argocd',
        severity: 'error',
        file: app.origin.file,
        ...(app.origin.line ? { line: app.origin.line } : {}),
        rule: r.rule,
        message: `${app.name}: ${r.message}. Fix: ${r.fix}.`,
        ...(app.network ? { network: app.network } : {}),
      });
    }
  }
  for (const r of verdict.resources) {
    if (!r.refusal) continue;
    push({
      check: 'argocd',
      severity: 'error',
      file: r.origin.file,
      ...(r.origin.line ? { line: r.origin.line } : {}),
      rule: r.refusal.rule,
      message: `${r.refusal.message}. Fix: ${r.refusal.fix}.`,
      network: r.network,
    });
  }
  for (const p of verdict.problems) {
    push({ check: 'argocd', severity: p.severity, file: p.origin.file, ...(p.origin.line ? { line: p.origin.line } : {}), rule: p.rule, message: p.message, ...(p.network ? { network: p.network } : {}) });
  }
  return findings;
}
