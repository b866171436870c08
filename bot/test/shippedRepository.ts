// A real git repository in a temporary folder holding the shipped apps/ and policies/ and copies
// of shipped networks, for tests that judge a change the way an operator would write it.
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { REPO_ROOT } from '../src/tools/cache.js';

const IDENTITY = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' };

export interface ShippedRepository {
  dir: string;
  git: (...args: string[]) => Promise<string>;
  read: (file: string) => Promise<string>;
  /** Writes files (path → content) into the working tree, runs `work`, then restores the commit. */
  withChange: (files: Record<string, string>, work: () => Promise<void>) => Promise<void>;
  dispose: () => Promise<void>;
}

/** `copies`: extra networks as `{ name: from }`, the shipped network `from` renamed to `name`. */
export async function shippedRepository(networks: readonly string[], copies: Record<string, string> = {}): Promise<ShippedRepository> {
  const dir = await mkdtemp(join(tmpdir(), 'sg-shipped-'));
  await cp(join(REPO_ROOT, 'apps'), join(dir, 'apps'), { recursive: true });
  await cp(join(REPO_ROOT, 'policies'), join(dir, 'policies'), { recursive: true });
  await mkdir(join(dir, 'networks'));
  await cp(join(REPO_ROOT, 'networks/network.schema.json'), join(dir, 'networks/network.schema.json'));
  for (const name of networks) await cp(join(REPO_ROOT, 'networks', name), join(dir, 'networks', name), { recursive: true });
  for (const [name, from] of Object.entries(copies)) {
    const files = (await execa('git', ['ls-files', `networks/${from}`], { cwd: REPO_ROOT })).stdout.split('\n').filter(Boolean);
    for (const file of files) {
      const target = join(dir, file.replace(`networks/${from}/`, `networks/${name}/`));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, (await readFile(join(REPO_ROOT, file), 'utf8')).replaceAll(from, name));
    }
  }
  const git = async (...args: string[]) => (await execa('git', args, { cwd: dir, env: IDENTITY })).stdout;
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-qm', 'shipped');
  const read = (file: string) => readFile(join(dir, file), 'utf8');
  const withChange = async (files: Record<string, string>, work: () => Promise<void>) => {
    for (const [file, content] of Object.entries(files)) {
      await mkdir(dirname(join(dir, file)), { recursive: true });
      await writeFile(join(dir, file), content);
    }
    try {
      await work();
    } finally {
      await git('checkout', '-q', '--', '.');
      await git('clean', '-qfd');
    }
  };
  return { dir, git, read, withChange, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** 1-based line of the only line of `text` equal to `line` after trimming; throws when not exactly one. */
export function lineOf(text: string, line: string): number {
  const hits = text.split('\n').flatMap((l, i) => (l.trim() === line ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`expected one line "${line}", found ${hits.length}`);
  return hits[0]!;
}
