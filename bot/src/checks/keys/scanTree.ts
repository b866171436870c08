// Adapter: read a tree (checkout or unpacked tarball), read its allowlist, scan. The only
// I/O of the key check lives here and in trackedFiles.ts.

import { InputError } from '../../errors.js';
import type { Finding } from '../../findings.js';
import { ALLOWLIST_FILE, parseAllowlist } from './allowlist.js';
import { findKeyMaterial } from './scan.js';
import { readTrackedFiles } from './trackedFiles.js';
import type { AllowlistEntry, ScanFile } from './types.js';

export interface ScanTreeOptions {
  ephemeralPrefixes: readonly string[];
  /** The files to scan; default: what git tracks in `dir` (or every file of a plain folder). */
  files?: () => Promise<ScanFile[]>;
  maxBytes?: number;
}

export async function scanTreeForKeys(dir: string, options: ScanTreeOptions): Promise<Finding[]> {
  const files = options.files ? await options.files() : await readTrackedFiles(dir, options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {});
  const allowlistFile = files.find((f) => f.path === ALLOWLIST_FILE);
  let allowlist: AllowlistEntry[] = [];
  if (allowlistFile) {
    try {
      allowlist = parseAllowlist(allowlistFile.content.toString(), ALLOWLIST_FILE);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // A broken allowlist must fail the check visibly, not silently allow or crash the run.
      return [
        { check: 'keys', severity: 'error', file: ALLOWLIST_FILE, ...(error.line ? { line: error.line } : {}), rule: 'keys/allowlist-invalid', message: error.message },
        ...findKeyMaterial(files, { ephemeralPrefixes: options.ephemeralPrefixes, ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}) }),
      ];
    }
  }
  return findKeyMaterial(files, { ephemeralPrefixes: options.ephemeralPrefixes, allowlist, ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}) });
}
