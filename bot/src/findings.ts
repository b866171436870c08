// The one shape every check reports in. `file` is repository-relative, `line` 1-based.

export type CheckName = 'render' | 'schema' | 'policy' | 'keys' | 'argocd' | 'input';
export type Severity = 'error' | 'warning';

export interface Finding {
  check: CheckName;
  severity: Severity;
  file: string;
  line?: number;
  message: string;
  /** Stable rule id, e.g. `SG-POL-001`, `keys/bip39-mnemonic`. */
  rule: string;
  /** The network the finding belongs to, when it belongs to one (the first, when several). */
  network?: string;
  /** Every network the finding belongs to, when more than one (the same finding in a shared file). */
  networks?: string[];
}

/** The networks a finding belongs to. */
export function networksOf(finding: Finding): string[] {
  return finding.networks ?? (finding.network ? [finding.network] : []);
}

/**
 * Identical findings (same check, severity, rule, file, line and message) once: a shared file
 * is judged once per network that uses it, but a reviewer reads the finding once. The merged
 * finding keeps every network, so each of them still fails (and is refused after merge).
 */
export function dedupeFindings(findings: readonly Finding[]): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const finding of findings) {
    const key = JSON.stringify([finding.check, finding.severity, finding.rule, finding.file, finding.line ?? null, finding.message]);
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, finding);
      continue;
    }
    const networks = [...new Set([...networksOf(seen), ...networksOf(finding)])].sort();
    const { network: _network, networks: _networks, ...rest } = seen;
    byKey.set(key, { ...rest, ...(networks.length > 0 ? { network: networks[0]! } : {}), ...(networks.length > 1 ? { networks } : {}) });
  }
  return [...byKey.values()];
}

export const CHECK_ORDER: readonly CheckName[] = ['input', 'render', 'schema', 'policy', 'argocd', 'keys'];

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

/** Deterministic order: by file, line, check, rule, message. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      CHECK_ORDER.indexOf(a.check) - CHECK_ORDER.indexOf(b.check) ||
      a.rule.localeCompare(b.rule) ||
      a.message.localeCompare(b.message),
  );
}
