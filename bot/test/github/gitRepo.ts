// Real git repositories in temporary folders, built from path → content maps.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { ToolError } from '../../src/errors.js';
import { runTool, tail, type RunResult } from '../../src/tools/run.js';

/** path → content; `null` deletes the file. */
export type FileMap = Record<string, string | null>;

// A fixed identity and clock make commit ids repeatable, and no user or system git
// configuration (signing, hooks, default branch) leaks into tests.
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.invalid',
  GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
  GIT_COMMITTER_NAME: 'Test Committer',
  GIT_COMMITTER_EMAIL: 'committer@example.invalid',
  GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
};

const GIT_TIMEOUT_MS = 30_000;

/** Run git in `dir` with the fixed test identity. */
export function git(dir: string, args: readonly string[], input?: string | Buffer): Promise<RunResult> {
  return runTool('git', 'git', args, { cwd: dir, env: GIT_ENV, timeoutMs: GIT_TIMEOUT_MS, input });
}

/** Same, for output that is binary (archives); runTool keeps text only. */
export async function gitBinary(dir: string, args: readonly string[]): Promise<Buffer> {
  const result = await execa('git', args, {
    cwd: dir,
    env: GIT_ENV,
    timeout: GIT_TIMEOUT_MS,
    encoding: 'buffer',
    stripFinalNewline: false,
    reject: false,
    stdin: 'ignore',
  });
  if (result.exitCode !== 0 || result.timedOut) {
    const stderr = tail(Buffer.from(result.stderr as Uint8Array).toString('utf8'));
    throw new ToolError('git', result.exitCode, stderr, `git ${args[0]} failed in ${dir}: ${stderr}`, result.timedOut === true);
  }
  return Buffer.from(result.stdout as Uint8Array);
}

export interface TestRepo {
  dir: string;
  /** Write (or delete) files on the current branch and commit them; returns the new commit id. */
  commit(files: FileMap, message?: string): Promise<string>;
  /** Create a branch at the current commit and switch to it. */
  branch(name: string): Promise<void>;
  /** Switch to an existing branch. */
  checkout(name: string): Promise<void>;
  /** The commit id a ref points at (default: HEAD). */
  sha(ref?: string): Promise<string>;
  remove(): Promise<void>;
}

/** A repository on `main` with one commit holding `files`. */
export async function createRepo(files: FileMap, options: { defaultBranch?: string } = {}): Promise<TestRepo> {
  const dir = await mkdtemp(join(tmpdir(), 'substrate-gitops-repo-'));
  await git(dir, ['init', '--quiet', `--initial-branch=${options.defaultBranch ?? 'main'}`]);
  const repo: TestRepo = {
    dir,
    async commit(changes, message = 'change') {
      for (const [path, content] of Object.entries(changes)) {
        const file = join(dir, path);
        if (content === null) {
          await rm(file, { force: true });
        } else {
          await mkdir(dirname(file), { recursive: true });
          await writeFile(file, content);
        }
      }
      await git(dir, ['add', '--all']);
      await git(dir, ['commit', '--quiet', '--allow-empty', '--no-verify', '-m', message]);
      return repo.sha();
    },
    async branch(name) {
      await git(dir, ['switch', '--quiet', '-c', name]);
    },
    async checkout(name) {
      await git(dir, ['switch', '--quiet', name]);
    },
    async sha(ref = 'HEAD') {
      return (await git(dir, ['rev-parse', '--verify', `${ref}^{commit}`])).stdout.trim();
    },
    async remove() {
      await rm(dir, { recursive: true, force: true });
    },
  };
  await repo.commit(files, 'initial');
  return repo;
}
