// Is a 64-hex value a secret or a hash? Decided by the name it is assigned to:
// the YAML/JSON key, the shell variable, the TypeScript identifier or the command-line flag.

export type NameClass = 'node-key' | 'secret' | 'hash' | 'unknown';

const SECRET_WORDS = new Set(['seed', 'secret', 'private', 'priv', 'privkey', 'privatekey', 'secretkey', 'mnemonic', 'phrase', 'suri', 'sk', 'seedhex', 'secretseed']);
const HASH_WORDS = new Set([
  'hash', 'digest', 'genesis', 'root', 'stateroot', 'account', 'accountid', 'public', 'pub', 'pubkey', 'publickey',
  'address', 'addr', 'checksum', 'sha', 'sha256', 'commit', 'peer', 'peerid', 'id',
]);

/** Words of an identifier: split on `-`, `_`, `.` and camelCase, lower-cased. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[-_.\s]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

export function classifyName(name: string): NameClass {
  const words = nameWords(name);
  const joined = words.join('');
  if (joined.includes('nodekey')) return 'node-key';
  // A hash word wins: `secretHash` or `seedDigest` name a hash of a secret, not the secret.
  if (words.some((w) => HASH_WORDS.has(w)) || joined.endsWith('hash')) return 'hash';
  if (words.some((w) => SECRET_WORDS.has(w))) return 'secret';
  return 'unknown';
}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_.-]*/g;
const LOOK_BACK = 3;

/**
 * The class of the nearest names in `prefix` (the text before a value on its line): the
 * first of the last three names that is not `unknown`. `undefined` when the prefix holds no
 * name at all, so the caller can look at the previous line (YAML lists, block scalars).
 */
export function classifyPrefix(prefix: string): NameClass | undefined {
  const names = prefix.match(IDENTIFIER);
  if (!names) return undefined;
  for (const name of names.slice(-LOOK_BACK).reverse()) {
    const cls = classifyName(name);
    if (cls !== 'unknown') return cls;
  }
  return 'unknown';
}
