// Doing: the repository directories a git directory generator can list, as Argo CD's repo
// server lists them (every directory, hidden ones and symlinks skipped), limited to what the
// generators' patterns can reach: the walk starts at each pattern's literal leading folders and
// goes no deeper than the pattern can match. Bounded: at most MAX_DIRECTORIES visited.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { KUSTOMIZATION_FILES } from '../../repo/tree.js';
import { goPathMatch } from './match.js';
import type { RepoDirectory } from './types.js';

export const MAX_DIRECTORIES = 20_000;

const META = /[*?[\\]/;

/** Deciding: where a pattern's walk starts and how deep it can reach. */
export function walkPlan(pattern: string): { base: string; depth: number } {
  const segments = pattern.split('/');
  const literal: string[] = [];
  while (literal.length < segments.length - 1 && !META.test(segments[literal.length]!)) literal.push(segments[literal.length]!);
  const rest = segments.slice(literal.length).join('/');
  // A character class can match '/' in Go's path.Match, so each may add a level.
  const depth = rest.split('/').length + (rest.match(/\[/g)?.length ?? 0);
  return { base: literal.join('/'), depth };
}

interface Listing {
  dirs: Map<string, RepoDirectory>;
  visited: number;
  truncated: boolean;
  max: number;
}

async function walk(root: string, rel: string, depth: number, listing: Listing): Promise<void> {
  if (depth === 0) return;
  let entries;
  try {
    entries = await readdir(join(root, rel), { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    if (++listing.visited > listing.max) {
      listing.truncated = true;
      return;
    }
    const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (!listing.dirs.has(path)) listing.dirs.set(path, { path, kustomization: false, manifests: false });
    await walk(root, path, depth - 1, listing);
  }
}

async function describe(root: string, dir: RepoDirectory, networks: ReadonlyMap<string, string>): Promise<RepoDirectory> {
  let names: string[] = [];
  try {
    names = (await readdir(join(root, dir.path), { withFileTypes: true })).filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name);
  } catch {
    // vanished meanwhile: nothing in it
  }
  const network = networks.get(dir.path);
  const kustomization = names.find((n) => KUSTOMIZATION_FILES.includes(n));
  const manifest = names.filter((n) => /\.(ya?ml|json)$/.test(n)).sort()[0];
  const file = kustomization ?? manifest;
  return {
    path: dir.path,
    ...(network ? { network } : {}),
    kustomization: kustomization !== undefined,
    manifests: manifest !== undefined,
    ...(file ? { file: `${dir.path}/${file}` } : {}),
  };
}

/** The walk's start is a real folder of the tree: no hidden or `..` segment, no symlink on the way. */
async function isPlainFolderPath(root: string, base: string): Promise<boolean> {
  if (base === '') return true;
  let rel = '';
  for (const segment of base.split('/')) {
    if (segment === '' || segment === '..' || segment.startsWith('.')) return false;
    rel = rel === '' ? segment : `${rel}/${segment}`;
    try {
      if (!(await lstat(join(root, rel))).isDirectory()) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Every directory matching one of `patterns`, described; `truncated` when the bound was hit. */
export async function listGeneratorDirectories(
  root: string,
  patterns: readonly string[],
  networks: ReadonlyMap<string, string>,
  maxDirectories = MAX_DIRECTORIES,
): Promise<{ directories: RepoDirectory[]; truncated: boolean }> {
  const listing: Listing = { dirs: new Map(), visited: 0, truncated: false, max: maxDirectories };
  for (const pattern of patterns) {
    const plan = walkPlan(pattern);
    if (!(await isPlainFolderPath(root, plan.base))) continue;
    await walk(root, plan.base, plan.depth, listing);
  }
  const matching = [...listing.dirs.values()].filter((d) => patterns.some((p) => goPathMatch(p, d.path)));
  return { directories: await Promise.all(matching.map((d) => describe(root, d, networks))), truncated: listing.truncated };
}
