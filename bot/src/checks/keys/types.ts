// Shapes shared by the key-material detectors and the scanner that assembles findings.

/** One file to scan; `path` is repository-relative with `/` separators. */
export interface ScanFile {
  path: string;
  content: Buffer | string;
  /** Size on disk when `content` was not read because the file is too large. */
  size?: number;
}

export interface KeyScanOptions {
  /** Folders (`networks/<name>/`) whose network.yaml says `ephemeral: true`. */
  ephemeralPrefixes: readonly string[];
  allowlist?: readonly AllowlistEntry[];
  /** Files larger than this are reported as not scanned (default 2 MiB). */
  maxBytes?: number;
}

/** One reviewed exception from `.github/key-allowlist.yaml`. */
export interface AllowlistEntry {
  path: string;
  line?: number;
  /** First 8 hex characters of the sha256 of the secret, as printed in the finding. */
  fingerprint?: string;
  reason: string;
  /** Where the entry itself is written, for the "matches nothing" warning. */
  source: { file: string; line: number };
}

export type KeyKind = 'bip39-mnemonic' | 'hex-seed' | 'node-key' | 'pem-private-key';

/**
 * What a detector saw. `secret` is the normalised key material: it is used for the
 * fingerprint and the well-known-key lookup and never leaves the scanner.
 */
export interface KeyHit {
  kind: KeyKind;
  /** Offset of the material in the scanned text. */
  offset: number;
  secret: string;
  /** Human description that never contains the secret, e.g. "BIP39 mnemonic (12 words, valid checksum)". */
  description: string;
  /** Set when the hit was found inside a base64-encoded Kubernetes Secret value. */
  encodedIn?: string;
}
