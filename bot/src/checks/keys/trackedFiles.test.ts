import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { runTool } from '../../tools/run.js';
import { scanTreeForKeys } from './scanTree.js';
import { readTrackedFiles } from './trackedFiles.js';

const dirs: string[] = [];
async function tree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'keys-tree-'));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}
const git = (dir: string, ...args: string[]) =>
  runTool('git', 'git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd: dir, timeoutMs: 30_000 });

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('readTrackedFiles', () => {
  it('reads what git tracks and untracked files it does not ignore, never ignored ones nor through symlinks', async () => {
    const outside = await tree({ 'secret.txt': `seed: ${mnemonicGenerate(12)}\n` });
    const dir = await tree({ 'networks/a/node.yaml': 'kind: StatefulSet\n', 'README.md': '# x\n', 'scratch.txt': 'untracked\n', '.gitignore': 'ignored.txt\n', 'ignored.txt': 'ignored\n' });
    await symlink(join(outside, 'secret.txt'), join(dir, 'link.txt'));
    await git(dir, 'init', '-q');
    await git(dir, 'add', 'networks/a/node.yaml', 'README.md', 'link.txt');
    await git(dir, 'commit', '-qm', 'init');
    const files = await readTrackedFiles(dir);
    expect(files.map((f) => f.path).sort()).toEqual(['.gitignore', 'README.md', 'networks/a/node.yaml', 'scratch.txt']);
    expect(files.find((f) => f.path === 'README.md')!.content.toString()).toBe('# x\n');
  });

  it('walks a plain folder (an unpacked tarball) without following symlinks, and sizes large files without reading them', async () => {
    const outside = await tree({ 'secret.txt': 'x\n' });
    const dir = await tree({ 'a/b/c.yaml': 'c: 1\n', 'big.json': 'y'.repeat(5000) });
    await symlink(outside, join(dir, 'a', 'escape'));
    const files = await readTrackedFiles(dir, { maxBytes: 1000 });
    expect(files.map((f) => [f.path, f.content.length, f.size])).toEqual([
      ['a/b/c.yaml', 5, undefined],
      ['big.json', 0, 5000],
    ]);
  });
});

describe('scanTreeForKeys', () => {
  it('scans a checkout with its allowlist file and reports a broken allowlist as a finding', async () => {
    const dir = await tree({
      'networks/a/keys.yaml': `seed: "${mnemonicGenerate(12)}"\n`,
      '.github/key-allowlist.yaml': 'entries:\n  - path: networks/a/keys.yaml\n    line: 1\n',
    });
    await git(dir, 'init', '-q');
    await git(dir, 'add', '.');
    const findings = await scanTreeForKeys(dir, { ephemeralPrefixes: [] });
    expect(findings.map((f) => [f.file, f.line, f.rule])).toEqual([
      ['.github/key-allowlist.yaml', 2, 'keys/allowlist-invalid'],
      ['networks/a/keys.yaml', 1, 'keys/bip39-mnemonic'],
    ]);
    await writeFile(join(dir, '.github/key-allowlist.yaml'), 'entries:\n  - path: networks/a/keys.yaml\n    line: 1\n    reason: fixture\n');
    expect(await scanTreeForKeys(dir, { ephemeralPrefixes: [] })).toEqual([]);
  });
});
