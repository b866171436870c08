// Reads the stand-in's answers out of a real git repository: commits, trees, diffs, archives.
import { git, gitBinary } from './gitRepo.js';

export interface GitCommit {
  sha: string;
  parents: string[];
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
  message: string;
}

export interface ChangedFile {
  filename: string;
  previous_filename?: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed';
  additions: number;
  deletions: number;
  changes: number;
  patch?: string;
}

export type TreeEntry = { type: 'file' | 'dir' | 'submodule' | 'symlink'; sha: string; size: number; name: string; path: string };

/** The commit a branch, tag or sha names, or undefined when the repository has none. */
export async function resolveCommit(dir: string, ref: string): Promise<string | undefined> {
  const name = ref.replace(/^refs\/heads\//, '');
  for (const candidate of [ref, `refs/heads/${name}`, `refs/tags/${name}`]) {
    const result = await git(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${candidate}^{commit}`]).catch(() => undefined);
    const sha = result?.stdout.trim();
    if (sha) return sha;
  }
  return undefined;
}

export async function readCommits(dir: string, range: string[]): Promise<GitCommit[]> {
  const format = ['%H', '%P', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%B'].join('%x00') + '%x1e';
  const { stdout } = await git(dir, ['log', '--reverse', `--format=${format}`, ...range, '--']);
  return stdout
    .split('\x1e')
    .map((chunk) => chunk.replace(/^\n/, ''))
    .filter((chunk) => chunk.length > 0)
    .map((chunk) => {
      const [sha, parents, an, ae, ad, cn, ce, cd, message] = chunk.split('\x00');
      return {
        sha: sha!,
        parents: parents ? parents.split(' ') : [],
        author: { name: an!, email: ae!, date: ad! },
        committer: { name: cn!, email: ce!, date: cd! },
        message: (message ?? '').trimEnd(),
      };
    });
}

export async function mergeBase(dir: string, a: string, b: string): Promise<string | undefined> {
  const result = await git(dir, ['merge-base', a, b]).catch(() => undefined);
  return result?.stdout.trim() || undefined;
}

/** Files changed from `base` to `head`, with GitHub's status names and hunk-only patches. */
export async function changedFiles(dir: string, base: string, head: string): Promise<ChangedFile[]> {
  const [status, numstat, patch] = await Promise.all([
    git(dir, ['diff', '--name-status', '-M', '-z', base, head]),
    git(dir, ['diff', '--numstat', '-M', '-z', base, head]),
    git(dir, ['diff', '-M', '--no-color', base, head]),
  ]);
  const files = parseNameStatus(status.stdout);
  const counts = parseNumstat(numstat.stdout);
  const patches = splitPatch(patch.stdout);
  return files.map((file, i) => {
    const [additions, deletions] = counts[i] ?? [0, 0];
    return { ...file, additions, deletions, changes: additions + deletions, patch: patches[i] };
  });
}

function parseNameStatus(text: string): Pick<ChangedFile, 'filename' | 'previous_filename' | 'status'>[] {
  const parts = text.split('\0').filter((p) => p.length > 0);
  const out: Pick<ChangedFile, 'filename' | 'previous_filename' | 'status'>[] = [];
  for (let i = 0; i < parts.length; ) {
    const code = parts[i++]!;
    if (code.startsWith('R') || code.startsWith('C')) {
      const previous = parts[i++]!;
      out.push({ filename: parts[i++]!, previous_filename: previous, status: code.startsWith('R') ? 'renamed' : 'copied' });
    } else {
      const status = code === 'A' ? 'added' : code === 'D' ? 'removed' : code === 'M' ? 'modified' : 'changed';
      out.push({ filename: parts[i++]!, status });
    }
  }
  return out;
}

function parseNumstat(text: string): [number, number][] {
  // With -z a rename is "a\td\t\0old\0new\0"; a plain change is "a\td\tpath\0".
  const parts = text.split('\0');
  const out: [number, number][] = [];
  for (let i = 0; i < parts.length; i++) {
    const m = /^(-|\d+)\t(-|\d+)\t(.*)$/.exec(parts[i]!);
    if (!m) continue;
    out.push([m[1] === '-' ? 0 : Number(m[1]), m[2] === '-' ? 0 : Number(m[2])]);
    if (m[3] === '') i += 2;
  }
  return out;
}

function splitPatch(text: string): (string | undefined)[] {
  return text
    .split(/^diff --git /m)
    .slice(1)
    .map((chunk) => {
      const at = chunk.indexOf('\n@@');
      return at === -1 ? undefined : chunk.slice(at + 1).trimEnd();
    });
}

/** What is at `path` in a commit: a file's bytes, a folder's entries, or nothing. */
export async function readPath(
  dir: string,
  sha: string,
  path: string,
): Promise<{ kind: 'file'; entry: TreeEntry; content: Buffer } | { kind: 'dir'; entries: TreeEntry[] } | undefined> {
  const clean = path.replace(/^\/+|\/+$/g, '');
  if (clean === '') return { kind: 'dir', entries: await listTree(dir, sha, '') };
  const [entry] = await listTree(dir, sha, clean, false);
  if (!entry || entry.path !== clean) return undefined;
  if (entry.type === 'dir') return { kind: 'dir', entries: await listTree(dir, sha, clean) };
  return { kind: 'file', entry, content: await gitBinary(dir, ['cat-file', 'blob', entry.sha]) };
}

async function listTree(dir: string, sha: string, path: string, inside = true): Promise<TreeEntry[]> {
  const target = path === '' ? [] : ['--', inside ? `${path}/` : path];
  const { stdout } = await git(dir, ['ls-tree', '-l', '-z', sha, ...target]);
  return stdout
    .split('\0')
    .filter((line) => line.length > 0)
    .map((line) => {
      const [meta, entryPath] = line.split('\t') as [string, string];
      const [mode, type, objectSha, size] = meta.split(/\s+/);
      const kind = type === 'tree' ? 'dir' : type === 'commit' ? 'submodule' : mode === '120000' ? 'symlink' : 'file';
      return { type: kind, sha: objectSha!, size: size === '-' ? 0 : Number(size), name: entryPath.split('/').pop()!, path: entryPath };
    });
}

/** A gzip tarball laid out like GitHub's: everything under one `<owner>-<repo>-<short sha>/` folder. */
export function tarball(dir: string, owner: string, repo: string, sha: string): Promise<Buffer> {
  return gitBinary(dir, ['archive', '--format=tar.gz', `--prefix=${owner}-${repo}-${sha.slice(0, 7)}/`, sha]);
}

export async function countCommits(dir: string, range: string): Promise<number> {
  return Number((await git(dir, ['rev-list', '--count', range])).stdout.trim());
}
