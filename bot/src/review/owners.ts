// Per-network owners: `networks/<name>/OWNERS`, one GitHub login or @org/team per line, `#`
// comments. Always read from the BASE tree, so a pull request cannot name its own author.
import { InputError } from '../errors.js';
import { NETWORKS_DIR, readTreeFile } from '../repo/tree.js';

export interface NetworkOwners {
  network: string;
  /** Logins (`alice`) and teams (`@org/team`), in file order. */
  owners: string[];
  /** Where they were read, or undefined when the network has no OWNERS file at the base. */
  file?: string;
}

const LOGIN = /^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const TEAM = /^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Parse an OWNERS file (pure); a malformed line is an InputError naming file and line. */
export function parseOwners(text: string, file: string): string[] {
  const owners: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    if (!LOGIN.test(line) && !TEAM.test(line)) {
      throw new InputError(`${file}:${i + 1}: "${line}" is not a GitHub login or @org/team; write one owner per line, e.g. "alice" or "@paritytech/testnets"`, file, i + 1);
    }
    const owner = line.startsWith('@') && !line.includes('/') ? line.slice(1) : line;
    if (!owners.includes(owner)) owners.push(owner);
  });
  return owners;
}

export function ownersFile(network: string): string {
  return `${NETWORKS_DIR}/${network}/OWNERS`;
}

const MAX_OWNERS_BYTES = 64 * 1024;

/** Read the owners of `networks` from the base tree (adapter). */
export async function readOwners(baseDir: string, networks: readonly string[]): Promise<NetworkOwners[]> {
  return Promise.all(
    networks.map(async (network) => {
      const file = ownersFile(network);
      const read = await readTreeFile(baseDir, file, MAX_OWNERS_BYTES);
      if (!read.ok) {
        if (read.reason === 'missing') return { network, owners: [] };
        throw new InputError(`${file}: ${read.message}`, file);
      }
      return { network, owners: parseOwners(read.content.toString('utf8'), file), file };
    }),
  );
}
