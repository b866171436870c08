// PEM private keys (`-----BEGIN … PRIVATE KEY-----`), also inside JSON strings with `\n` escapes.

import type { KeyHit } from './types.js';

const BEGIN = '-----BEGIN ';
const HEADER = /^-----BEGIN ((?:[A-Z0-9]+ ){0,4})PRIVATE KEY( BLOCK)?-----/;
const MAX_BODY = 16_384;

export function findPemPrivateKeys(text: string): KeyHit[] {
  const hits: KeyHit[] = [];
  for (let at = text.indexOf(BEGIN); at !== -1; at = text.indexOf(BEGIN, at + BEGIN.length)) {
    const header = HEADER.exec(text.slice(at, at + 80));
    if (!header) continue;
    const bodyStart = at + header[0].length;
    const end = text.indexOf('-----END', bodyStart);
    const body = text.slice(bodyStart, end === -1 ? bodyStart + MAX_BODY : Math.min(end, bodyStart + MAX_BODY));
    const label = `${header[1] ?? ''}PRIVATE KEY${header[2] ?? ''}`;
    hits.push({
      kind: 'pem-private-key',
      offset: at,
      // The body without layout, so re-wrapping the same key gives the same fingerprint.
      secret: body.replace(/\\n|\s/g, ''),
      description: `PEM private key (${label})`,
    });
  }
  return hits;
}
