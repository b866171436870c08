// `npm run check` as a newcomer runs it, in a process of its own: a machine without kubectl,
// and a folder that is not a git repository, are exit 2 with one line saying what to do —
// never findings.
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkFolder, nodeGroupBase } from '../bot/test/networkFixture.js';
import { writeTree } from '../bot/test/tree.js';
import { REPO_ROOT } from '../bot/src/tools/cache.js';

const CHECK = join(REPO_ROOT, 'scripts', 'check.ts');
const TSX = import.meta.resolve('tsx');

function check(cwd: string, env: Record<string, string> = {}) {
  return execa(process.execPath, ['--import', TSX, CHECK], { cwd, env, extendEnv: true, reject: false, timeout: 120_000 });
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

let tree: { dir: string; dispose: () => Promise<void> };
let binDir: string;

beforeAll(async () => {
  tree = await writeTree({ ...nodeGroupBase(), ...networkFolder('alpha') });
  // A PATH with node and git only: no kubectl, no kustomize.
  binDir = await mkdtemp(join(tmpdir(), 'sg-path-'));
  await symlink(process.execPath, join(binDir, 'node'));
  const git = (await execa('sh', ['-c', 'command -v git'])).stdout.trim();
  await symlink(git, join(binDir, 'git'));
});
afterAll(async () => {
  await tree?.dispose();
  await rm(binDir, { recursive: true, force: true });
});

describe('npm run check on a machine or folder it cannot work in', () => {
  it('outside a git repository: exit 2 and one line, nothing scanned', async () => {
    const result = await check(tree.dir);
    expect(result.exitCode, result.stdout + result.stderr).toBe(2);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/^check: .* is not inside a git repository .*git clone/);
  });

  it('without kubectl or kustomize: exit 2 and one line naming what to install, no finding', async () => {
    const env = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' };
    await execa('git', ['init', '-q', '-b', 'main'], { cwd: tree.dir });
    await execa('git', ['add', '-A'], { cwd: tree.dir });
    await execa('git', ['commit', '-qm', 'base'], { cwd: tree.dir, env });
    const result = await check(tree.dir, { PATH: binDir });
    expect(result.exitCode, result.stdout + result.stderr).toBe(2);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/^check: neither kustomize nor kubectl is installed — install kubectl/);
  });
});
