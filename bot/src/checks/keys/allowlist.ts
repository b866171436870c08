// Reviewed exceptions. Two forms, both visible in review and both needing a reason:
//   .github/key-allowlist.yaml   entries: [{ path, line | fingerprint, reason }]
//   an inline comment on the same or the previous line:  substrate-gitops: allow-key-material <reason>

import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { InputError } from '../../errors.js';
import type { AllowlistEntry } from './types.js';

export const ALLOWLIST_FILE = '.github/key-allowlist.yaml';
const FIELDS = new Set(['path', 'line', 'fingerprint', 'reason']);
const EXAMPLE = 'e.g.\n  entries:\n    - path: networks/dev/bootnode.yaml\n      fingerprint: 1a2b3c4d\n      reason: public test key of a throw-away chain';

/** Parse the allowlist file; any entry that is not fully valid is an error with its line. */
export function parseAllowlist(text: string, file: string = ALLOWLIST_FILE): AllowlistEntry[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const lineOf = (node: Node | null | undefined): number | undefined =>
    node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    throw new InputError(`${file} is not valid YAML: ${error.message}`, file, error.linePos?.[0]?.line);
  }
  if (doc.contents === null) return [];
  if (!isMap(doc.contents)) throw new InputError(`${file} must be a mapping with an \`entries\` list, ${EXAMPLE}`, file, lineOf(doc.contents));
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    if (key !== 'entries') throw new InputError(`${file}: unknown top-level key ${String(key)}; only \`entries\` is allowed`, file, lineOf(pair.key as Node));
  }
  const entries = doc.contents.get('entries', true);
  if (entries === undefined || (isScalar(entries) && entries.value === null)) return [];
  if (!isSeq(entries)) throw new InputError(`${file}: \`entries\` must be a list, ${EXAMPLE}`, file, lineOf(entries as Node));
  return entries.items.map((item) => parseEntry(item as Node, file, lineOf));
}

function parseEntry(item: Node, file: string, lineOf: (node: Node | null | undefined) => number | undefined): AllowlistEntry {
  const line = lineOf(item) ?? 1;
  const fail = (what: string): never => {
    throw new InputError(`${file} line ${line}: ${what}, ${EXAMPLE}`, file, line);
  };
  if (!isMap(item)) return fail('each entry must be a mapping with path, line or fingerprint, and reason');
  const values: Record<string, unknown> = {};
  for (const pair of item.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!FIELDS.has(key)) fail(`unknown field \`${key}\` (allowed: path, line, fingerprint, reason)`);
    values[key] = isScalar(pair.value) ? pair.value.value : pair.value;
  }
  const { path, line: atLine, fingerprint, reason } = values;
  if (typeof path !== 'string' || path.trim() === '') fail('`path` (the repository-relative file) is required');
  if (typeof reason !== 'string' || reason.trim() === '') fail('`reason` is required: say why this key material may stay in git');
  if (atLine === undefined && fingerprint === undefined) fail('give `line` or `fingerprint` (as printed in the finding) so the entry names one secret');
  if (atLine !== undefined && !(typeof atLine === 'number' && Number.isInteger(atLine) && atLine >= 1)) fail('`line` must be a positive whole number');
  if (fingerprint !== undefined && !(typeof fingerprint === 'string' && /^[0-9a-f]{8}$/.test(fingerprint))) fail('`fingerprint` must be the 8 lower-case hex characters printed in the finding');
  return {
    path: (path as string).trim().replace(/^\.\//, ''),
    ...(atLine !== undefined ? { line: atLine as number } : {}),
    ...(fingerprint !== undefined ? { fingerprint: fingerprint as string } : {}),
    reason: (reason as string).trim(),
    source: { file, line },
  };
}

export function entryMatches(entry: AllowlistEntry, path: string, line: number, fp: string): boolean {
  return entry.path === path && (entry.line === undefined || entry.line === line) && (entry.fingerprint === undefined || entry.fingerprint === fp);
}

const MARKER = /substrate-gitops:[ \t]*allow-key-material\b(.*)$/;

export type MarkerState = { kind: 'none' } | { kind: 'allowed'; reason: string } | { kind: 'no-reason'; line: number };

/** The inline marker on the finding's line or the line before it. */
export function inlineMarker(lineText: (line: number) => string, line: number): MarkerState {
  let withoutReason: number | undefined;
  for (const at of [line, line - 1]) {
    const match = MARKER.exec(lineText(at));
    if (!match) continue;
    // Drop comment closers so `/* … */` and `<!-- … -->` do not count as a reason.
    const reason = match[1]!.replace(/(\*\/|-->|#}}?|}})\s*$/, '').trim();
    if (reason.length > 0) return { kind: 'allowed', reason };
    withoutReason ??= at;
  }
  return withoutReason === undefined ? { kind: 'none' } : { kind: 'no-reason', line: withoutReason };
}
