import { createHash } from 'node:crypto';

/**
 * A short, non-reversible name for a secret so reviewers can tell two findings apart
 * and allowlist entries can point at one: the first 8 hex characters of its sha256.
 */
export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 8);
}
