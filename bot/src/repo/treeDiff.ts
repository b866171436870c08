// Which files differ between two unpacked trees. GitHub's "files changed" list is capped at
// 3,000 entries, so the bot compares the trees it already has instead of asking for it.
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Repository path → content hash (symlinks hash their target, marked as such). */
export type TreeHashes = Map<string, string>;

/** Changed paths between two hash maps, sorted: added, removed and modified alike (pure). */
export function changedPaths(base: TreeHashes, head: TreeHashes): string[] {
  const changed = new Set<string>();
  for (const [path, hash] of head) if (base.get(path) !== hash) changed.add(path);
  for (const path of base.keys()) if (!head.has(path)) changed.add(path);
  return [...changed].sort();
}

const PARALLEL = 16;

/** Hash every file and symlink of a tree (never following symlinks). */
export async function hashTree(root: string): Promise<TreeHashes> {
  const paths: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(root, rel), { withFileTypes: true });
    for (const entry of entries) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() || entry.isSymbolicLink()) paths.push(path);
    }
  };
  await walk('');
  const hashes: TreeHashes = new Map();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const path = paths[next++]!;
      const abs = join(root, path);
      const info = await lstat(abs);
      const hash = createHash('sha256');
      if (info.isSymbolicLink()) hash.update('symlink\0').update(await readlink(abs));
      else hash.update('file\0').update(await readFile(abs));
      hashes.set(path, hash.digest('hex'));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, paths.length) }, worker));
  return hashes;
}

/** Files changed between two trees on disk. */
export async function changedFilesBetween(baseDir: string, headDir: string): Promise<string[]> {
  const [base, head] = await Promise.all([hashTree(baseDir), hashTree(headDir)]);
  return changedPaths(base, head);
}
