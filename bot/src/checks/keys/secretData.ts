// Kubernetes Secrets carry their values base64-encoded under `data`, where no text rule can
// see them: decode each value and run the detectors on the decoded text. (`stringData` is
// plain text and is covered by the ordinary line scan.)

import { isMap, isScalar, parseAllDocuments } from 'yaml';
import { classifyName } from './context.js';
import { findHexSecrets } from './hex.js';
import { findMnemonics } from './mnemonic.js';
import { findPemPrivateKeys } from './pem.js';
import type { KeyHit } from './types.js';

const LOOKS_LIKE_SECRET = /["']?kind["']?\s*:\s*["']?Secret\b/;
const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

// A `---` at column 0 always starts a document (block scalar content is indented), so a
// stream can be cut there and only the Secret documents parsed: parsing is the slow part.
const DOCUMENT_START = /^---(?=[ \t\r\n]|$)/gm;

export function findInSecretData(text: string): KeyHit[] {
  if (!LOOKS_LIKE_SECRET.test(text)) return [];
  const starts = [0, ...[...text.matchAll(DOCUMENT_START)].map((m) => m.index).filter((i) => i > 0), text.length];
  const hits: KeyHit[] = [];
  for (let i = 0; i + 1 < starts.length; i++) {
    const chunk = text.slice(starts[i], starts[i + 1]);
    if (LOOKS_LIKE_SECRET.test(chunk)) hits.push(...hitsInStream(chunk).map((h) => ({ ...h, offset: h.offset + starts[i]! })));
  }
  return hits;
}

function hitsInStream(text: string): KeyHit[] {
  const hits: KeyHit[] = [];
  for (const doc of parseAllDocuments(text)) {
    // A document that does not parse is reported by the schema check; nothing to decode here.
    if (!('errors' in doc) || doc.errors.length > 0 || !isMap(doc.contents)) continue;
    if (doc.get('kind') !== 'Secret') continue;
    const data = doc.get('data', true);
    if (!isMap(data)) continue;
    const name = String(doc.getIn(['metadata', 'name']) ?? '(unnamed)');
    for (const pair of data.items) {
      if (!isScalar(pair.key) || !isScalar(pair.value) || typeof pair.value.value !== 'string') continue;
      const key = String(pair.key.value);
      const encoded = pair.value.value;
      if (!BASE64.test(encoded)) continue;
      const where = `Secret ${name}, data key ${key}`;
      const offset = pair.value.range?.[0] ?? pair.key.range?.[0] ?? 0;
      for (const hit of decodedHits(Buffer.from(encoded, 'base64'), key)) {
        hits.push({ ...hit, offset, encodedIn: where });
      }
    }
  }
  return hits;
}

function decodedHits(bytes: Buffer, key: string): KeyHit[] {
  const keyClass = classifyName(key);
  // A node key file may hold the 32 raw bytes rather than their hex.
  if ((bytes.length === 32 || bytes.length === 64) && !isPrintable(bytes)) {
    if (keyClass === 'hash') return [];
    return [{ kind: keyClass === 'node-key' ? 'node-key' : 'hex-seed', offset: 0, secret: bytes.toString('hex'), description: `${bytes.length} raw secret bytes` }];
  }
  const decoded = bytes.toString('utf8');
  // Anything in a Secret is meant to be secret: a bare hex value under an unremarkable key counts.
  const fallback = keyClass === 'unknown' ? 'secret' : keyClass;
  return [...findMnemonics(decoded), ...findHexSecrets(decoded, fallback), ...findPemPrivateKeys(decoded)];
}

function isPrintable(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte < 0x09 || (byte > 0x0d && byte < 0x20) || byte === 0x7f) return false;
  return bytes.toString('utf8').indexOf('\uFFFD') === -1;
}
