// The files the key scan reads: what git tracks in a checkout, or everything in a plain
// folder (an unpacked tarball). Symlinks are never followed: they could point outside.

import { existsSync } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runTool } from '../../tools/run.js';
import { DEFAULT_MAX_BYTES } from './scan.js';
import type { ScanFile } from './types.js';

export interface ReadTrackedOptions {
  /** Larger files are not read; their size is passed on so the scan can say so. */
  maxBytes?: number;
  timeoutMs?: number;
}

const PARALLEL_READS = 16;

export async function readTrackedFiles(repoDir: string, options: ReadTrackedOptions = {}): Promise<ScanFile[]> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const paths = existsSync(join(repoDir, '.git')) ? await gitTrackedPaths(repoDir, options.timeoutMs ?? 60_000) : await walk(repoDir, '');
  const files: (ScanFile | undefined)[] = new Array(paths.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const index = next++;
      files[index] = await readRegularFile(repoDir, paths[index]!, maxBytes);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, paths.length) }, worker));
  return files.filter((f): f is ScanFile => f !== undefined);
}

async function gitTrackedPaths(repoDir: string, timeoutMs: number): Promise<string[]> {
  // Untracked files git does not ignore are what the next commit could add: scan them too.
  const { stdout } = await runTool('git', 'git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoDir, timeoutMs });
  return [...new Set(stdout.split('\0').filter(Boolean))];
}

async function walk(root: string, relative: string): Promise<string[]> {
  const entries = await readdir(join(root, relative), { withFileTypes: true });
  const paths: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) paths.push(...(await walk(root, path)));
    else if (entry.isFile()) paths.push(path);
  }
  return paths;
}

/** A tracked path that is a symlink, a submodule or gone from the working tree is not read. */
async function readRegularFile(repoDir: string, path: string, maxBytes: number): Promise<ScanFile | undefined> {
  const full = join(repoDir, path);
  let stats;
  try {
    stats = await lstat(full);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (!stats.isFile()) return undefined;
  if (stats.size > maxBytes) return { path, content: Buffer.alloc(0), size: stats.size };
  return { path, content: await readFile(full) };
}
