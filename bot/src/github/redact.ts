// The last line of defence before anything leaves for GitHub or the log: scan the outgoing
// text with the key scanner and withhold every line it flags. Pure.
import { findKeyMaterial } from '../checks/keys/index.js';

export const WITHHELD = '[line withheld by substrate-gitops: it looked like key material]';

export function redactKeyMaterial(text: string): { text: string; withheld: number } {
  // No exceptions here: an inline allow marker in a diff must not let the material out.
  const scanned = text.replaceAll(/allow-key-material/gi, 'xxxxx-xxx-xxxxxxxx');
  const findings = findKeyMaterial([{ path: 'outgoing.md', content: scanned }], { ephemeralPrefixes: [] });
  const lines = new Set(findings.map((f) => f.line).filter((l): l is number => l !== undefined));
  if (lines.size === 0) return { text, withheld: 0 };
  const out = text.split('\n').map((line, i) => (lines.has(i + 1) ? WITHHELD : line));
  return { text: out.join('\n'), withheld: lines.size };
}
