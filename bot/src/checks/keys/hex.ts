// 32-byte seeds and node keys (64 hex), and 64-byte secret keys (128 hex), written in
// key-like places. Hashes, digests and public keys share the shape and are told apart by name.

import { classifyPrefix, type NameClass } from './context.js';
import { DEV_SEEDS } from './devKeys.js';
import type { KeyHit } from './types.js';

const HEX = /(?<![0-9A-Za-z_])(?:0x)?(?:[0-9a-fA-F]{128}|[0-9a-fA-F]{64})(?![0-9A-Za-z_])/g;
const PREFIX_CHARS = 200;

/**
 * @param fallback class to use when neither the value's line nor the line before it names
 *   the value (e.g. the data key of a decoded Secret value).
 */
export function findHexSecrets(text: string, fallback: NameClass = 'unknown'): KeyHit[] {
  const hits: KeyHit[] = [];
  for (const match of text.matchAll(HEX)) {
    const offset = match.index;
    const secret = match[0].replace(/^0x/, '').toLowerCase();
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const prefix = text.slice(Math.max(lineStart, offset - PREFIX_CHARS), offset);
    if (/sha(256|512):$/i.test(prefix)) continue; // image or content digest
    const bytes = secret.length / 2;
    if (DEV_SEEDS.has(secret)) {
      hits.push({ kind: 'hex-seed', offset, secret, description: `${bytes}-byte hex seed` });
      continue;
    }
    const cls = classifyPrefix(prefix) ?? classifyPreviousLine(text, lineStart) ?? fallback;
    if (cls === 'node-key') hits.push({ kind: 'node-key', offset, secret, description: `${bytes}-byte hex node key` });
    else if (cls === 'secret') hits.push({ kind: 'hex-seed', offset, secret, description: bytes === 32 ? '32-byte hex secret seed' : '64-byte hex secret key' });
  }
  return hits;
}

/** `- --node-key` then `- <hex>` on the next line: the name sits on the previous non-blank line. */
function classifyPreviousLine(text: string, lineStart: number): NameClass | undefined {
  let end = lineStart - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(Math.max(start, end - PREFIX_CHARS), end);
    if (line.trim() !== '') return classifyPrefix(line);
    end = start - 1;
  }
  return undefined;
}
