// The key-hygiene check: find Substrate key material in tracked text files.
export { findKeyMaterial, DEFAULT_MAX_BYTES } from './scan.js';
export { parseAllowlist, ALLOWLIST_FILE } from './allowlist.js';
export { readTrackedFiles } from './trackedFiles.js';
export { scanTreeForKeys, type ScanTreeOptions } from './scanTree.js';
export type { AllowlistEntry, KeyScanOptions, ScanFile } from './types.js';
