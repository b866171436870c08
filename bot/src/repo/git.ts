import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentError, ToolError, UsageError } from '../errors.js';
import { runTool } from '../tools/run.js';

// The git adapter: which files changed since a ref, and that ref's tree on disk.

const GIT_TIMEOUT_MS = 60_000;

function git(root: string, args: string[], okExitCodes?: number[]) {
  return runTool('git', 'git', ['-C', root, ...args], { timeoutMs: GIT_TIMEOUT_MS, ...(okExitCodes ? { okExitCodes } : {}), env: { GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' } });
}

/** The top folder of the git repository holding `dir`; undefined when it is in none. */
export async function gitToplevel(dir: string): Promise<string | undefined> {
  try {
    return (await git(dir, ['rev-parse', '--show-toplevel'])).stdout.trim();
  } catch (error) {
    if (error instanceof ToolError && error.exitCode === undefined && !error.timedOut) {
      throw new EnvironmentError('git is not installed or not on PATH', 'install git and re-run', { cause: error });
    }
    return undefined;
  }
}

export async function resolveRevision(root: string, ref: string): Promise<string> {
  if (ref.startsWith('-')) throw new UsageError(`--base "${ref}" is not a git revision`);
  const { stdout, exitCode } = await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], [0, 1]);
  if (exitCode !== 0) throw new UsageError(`--base ${ref}: no such commit in ${root}; fetch it first (e.g. git fetch origin ${ref})`);
  return stdout.trim();
}

/** Files that differ between `sha` and the working tree, including untracked ones git does not ignore. */
export async function changedFilesSince(root: string, sha: string): Promise<string[]> {
  const [diff, untracked] = await Promise.all([
    git(root, ['diff', '--name-only', '--no-renames', '-z', sha, '--']),
    git(root, ['ls-files', '--others', '--exclude-standard', '-z']),
  ]);
  const files = [...diff.stdout.split('\0'), ...untracked.stdout.split('\0')].filter(Boolean);
  return [...new Set(files)].sort();
}

/** Write the tree of `sha` into a new temporary folder; the caller removes it with `dispose`. */
export async function exportRevision(root: string, sha: string): Promise<{ dir: string; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'sg-base-'));
  const archive = join(dir, '.archive.tar');
  try {
    await git(root, ['archive', '--format=tar', '-o', archive, sha]);
    await runTool('tar', 'tar', ['-xf', archive, '-C', dir, '--no-same-owner'], { timeoutMs: GIT_TIMEOUT_MS });
    await rm(archive);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** Tracked files plus untracked ones git does not ignore (what the next commit could hold). */
export async function listRepositoryFiles(root: string): Promise<string[]> {
  const { stdout } = await git(root, ['ls-files', '--cached', '--others', '--exclude-standard', '-z']);
  return stdout.split('\0').filter(Boolean);
}
