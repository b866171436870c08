// Helpers for the key-scanner tests: the one assertion every positive case makes.

import { expect } from 'vitest';
import type { Finding } from '../../findings.js';

/** No finding may repeat the secret, nor any 12-character piece of it. */
export function expectNoLeak(findings: readonly Finding[], secret: string): void {
  const text = JSON.stringify(findings);
  const forms = [secret, secret.replace(/^0x/, ''), secret.toLowerCase(), Buffer.from(secret).toString('base64')];
  for (const form of forms) {
    for (let i = 0; i + 12 <= form.length; i++) {
      const piece = form.slice(i, i + 12);
      if (text.includes(piece)) expect.fail(`a finding repeats part of the secret: …${piece}…`);
    }
  }
}
