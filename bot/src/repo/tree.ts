import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';

// A tree is a folder on disk holding one revision of the repository: the working
// directory, a `git archive` export, or an unpacked GitHub tarball. Reads never leave it.

export const NETWORKS_DIR = 'networks';
export const CLUSTERS_DIR = 'clusters';
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !resolve(rel).startsWith('..'));
}

/** Repo-relative POSIX path. */
export function repoPath(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}

export type SafeRead =
  | { ok: true; content: Buffer }
  | { ok: false; reason: 'missing' | 'outside' | 'too-large' | 'not-a-file'; message: string };

/** Read a file of the tree, refusing symlinks that resolve outside it and files over `maxBytes`. */
export async function readTreeFile(root: string, rel: string, maxBytes: number): Promise<SafeRead> {
  const abs = resolve(root, rel);
  if (!isInside(root, abs)) return { ok: false, reason: 'outside', message: `${rel} is outside the repository` };
  let real: string;
  try {
    real = await realpath(abs);
  } catch {
    return { ok: false, reason: 'missing', message: `${rel} does not exist` };
  }
  const realRoot = await realpath(root);
  if (!isInside(realRoot, real)) return { ok: false, reason: 'outside', message: `${rel} is a symlink that leaves the repository` };
  const info = await stat(real);
  if (!info.isFile()) return { ok: false, reason: 'not-a-file', message: `${rel} is not a regular file` };
  if (info.size > maxBytes) {
    return { ok: false, reason: 'too-large', message: `${rel} is ${info.size} bytes, over the limit of ${maxBytes}` };
  }
  return { ok: true, content: await readFile(real) };
}

export async function kustomizationFileIn(root: string, relDir: string): Promise<string | undefined> {
  for (const name of KUSTOMIZATION_FILES) {
    try {
      const info = await lstat(join(root, relDir, name));
      if (info.isFile() || info.isSymbolicLink()) return relDir === '' ? name : `${relDir}/${name}`;
    } catch {
      // try the next name
    }
  }
  return undefined;
}

/** The renderable folders of a tree: every networks/<name>/ and clusters/<name>/ with a kustomization. */
export async function listRenderableFolders(root: string): Promise<{ source: string; network?: string }[]> {
  const folders: { source: string; network?: string }[] = [];
  for (const top of [NETWORKS_DIR, CLUSTERS_DIR]) {
    let entries;
    try {
      entries = await readdir(join(root, top), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (!entry.isDirectory()) continue;
      const source = `${top}/${entry.name}`;
      if (await kustomizationFileIn(root, source)) folders.push(top === NETWORKS_DIR ? { source, network: entry.name } : { source });
    }
  }
  return folders;
}
