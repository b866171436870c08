import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository this code was checked out in. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Project-local, git-ignored cache for pinned tools, generated schemas and test
 * peers. `SUBSTRATE_GITOPS_CACHE` moves it (e.g. to share one cache between clones).
 */
export function cacheRoot(): string {
  return process.env.SUBSTRATE_GITOPS_CACHE ? resolve(process.env.SUBSTRATE_GITOPS_CACHE) : join(REPO_ROOT, '.cache');
}

export async function cacheDir(...parts: string[]): Promise<string> {
  const dir = join(cacheRoot(), ...parts);
  await mkdir(dir, { recursive: true });
  return dir;
}
