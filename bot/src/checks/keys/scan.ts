// The key-hygiene check: every tracked text file in, findings out. Pure: no I/O.

import type { Finding } from '../../findings.js';
import { ALLOWLIST_FILE, entryMatches, inlineMarker } from './allowlist.js';
import { describeDevSecret } from './devKeys.js';
import { fingerprint } from './fingerprint.js';
import { findHexSecrets } from './hex.js';
import { LineIndex } from './lineIndex.js';
import { findMnemonics } from './mnemonic.js';
import { findPemPrivateKeys } from './pem.js';
import { findInSecretData } from './secretData.js';
import type { AllowlistEntry, KeyHit, KeyScanOptions, ScanFile } from './types.js';

export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

const WHAT_TO_DO =
  'Remove it from git and rotate it: keep keys in a Secret created outside the repository and name that Secret ' +
  'in the node group (the insert-keys init container\'s SEED secretKeyRef). If it must stay, add `substrate-gitops: allow-key-material <reason>` ' +
  `on this or the previous line, or an entry in ${ALLOWLIST_FILE}.`;

export function findKeyMaterial(files: readonly ScanFile[], options: KeyScanOptions): Finding[] {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const ephemeral = options.ephemeralPrefixes.map((p) => (p.endsWith('/') ? p : `${p}/`));
  const allowlist = options.allowlist ?? [];
  const used = new Set<AllowlistEntry>();
  const findings: Finding[] = [];

  for (const file of files) {
    const size = Math.max(file.size ?? 0, file.content.length);
    const network = networkOf(file.path);
    if (size > maxBytes) {
      findings.push({
        check: 'keys', severity: 'warning', file: file.path, rule: 'keys/too-large', ...network,
        message: `Not scanned for key material: larger than ${formatBytes(maxBytes)} (${formatBytes(size)}). Split the file or keep generated data out of git.`,
      });
      continue;
    }
    const text = decodeText(file.content);
    if (text === undefined) continue; // binary: not a place where a phrase or hex seed is written by hand
    const hits = detect(text);
    if (hits.length === 0) continue;
    const lines = new LineIndex(text);
    const inEphemeral = ephemeral.some((p) => file.path.startsWith(p));
    const seen = new Set<string>();
    for (const hit of hits) {
      const line = lines.lineOf(hit.offset);
      const fp = fingerprint(hit.secret);
      const dedupeKey = `${line}:${fp}`;
      if (seen.has(dedupeKey)) continue;
      seen.add(dedupeKey);
      const dev = describeDevSecret(hit.secret);
      if (dev && inEphemeral) continue; // public dev keys are what an ephemeral network is for
      const entry = allowlist.find((e) => entryMatches(e, file.path, line, fp));
      if (entry) {
        used.add(entry);
        continue;
      }
      const marker = inlineMarker((n) => lines.lineText(n), line);
      if (marker.kind === 'allowed') continue;
      findings.push({
        check: 'keys', severity: 'error', file: file.path, line, rule: ruleOf(hit, dev), ...network,
        message: messageOf(hit, dev, lines.columnOf(hit.offset), fp, marker.kind === 'no-reason' ? marker.line : undefined),
      });
    }
  }

  for (const entry of allowlist) {
    if (used.has(entry)) continue;
    const target = [entry.path, entry.line && `line ${entry.line}`, entry.fingerprint && `fingerprint ${entry.fingerprint}`].filter(Boolean).join(', ');
    findings.push({
      check: 'keys', severity: 'warning', file: entry.source.file, line: entry.source.line, rule: 'keys/allowlist-unused',
      message: `Allowlist entry (${target}) matches no key material; remove it so the list only holds live exceptions.`,
    });
  }
  return findings;
}

function detect(text: string): KeyHit[] {
  return [...findMnemonics(text), ...findHexSecrets(text), ...findPemPrivateKeys(text), ...findInSecretData(text)];
}

/** Text of a file, or undefined for a binary one (a NUL byte). Invalid UTF-8 decodes to U+FFFD. */
function decodeText(content: Buffer | string): string | undefined {
  if (typeof content === 'string') return content.includes('\0') ? undefined : content;
  return content.includes(0) ? undefined : content.toString('utf8');
}

function ruleOf(hit: KeyHit, dev: string | undefined): string {
  if (dev) return 'keys/dev-phrase';
  if (hit.encodedIn) return 'keys/secret-data';
  return `keys/${hit.kind}`;
}

function messageOf(hit: KeyHit, dev: string | undefined, column: number, fp: string, markerWithoutReason: number | undefined): string {
  const where = hit.encodedIn ? ` base64-encoded in ${hit.encodedIn}` : ` at column ${column}`;
  const what = dev
    ? `Well-known development key material (${hit.description}: ${dev})${where}. It is public, so anyone can use it; ` +
      'it is allowed only in networks whose network.yaml says `ephemeral: true`.'
    : `${hit.description}${where} (fingerprint ${fp}).`;
  const marker = markerWithoutReason ? ` The allow marker on line ${markerWithoutReason} has no reason, so it does not apply.` : '';
  return `${what}${marker} ${WHAT_TO_DO}`;
}

function networkOf(path: string): { network?: string } {
  const match = /^networks\/([^/]+)\//.exec(path);
  return match ? { network: match[1]! } : {};
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}
