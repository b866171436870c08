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
  /** The network the finding belongs to, when it belongs to one. */
  network?: string;
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
