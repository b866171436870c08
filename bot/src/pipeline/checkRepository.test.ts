import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { join } from 'node:path';
import { nodeGroupBase, networkFolder } from '../../test/networkFixture.js';
import { addFiles, writeTree } from '../../test/tree.js';
import { REPO_ROOT } from '../tools/cache.js';
import { checkRepository } from './checkRepository.js';

// End to end on a real git repository: real git, kustomize, kubeconform, conftest and the
// key scanner, through the same entry the command line uses.

let repo: { dir: string; dispose: () => Promise<void> };
const git = (...args: string[]) =>
  execa('git', args, { cwd: repo.dir, env: { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' } });

beforeAll(async () => {
  repo = await writeTree({ ...nodeGroupBase(), ...networkFolder('alpha', { replicas: 3 }), ...networkFolder('beta') });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-qm', 'base');
}, 60_000);
afterAll(async () => repo?.dispose());

async function withChange(files: Record<string, string>, run: () => Promise<void>) {
  await addFiles(repo.dir, files);
  try {
    await run();
  } finally {
    await git('checkout', '-q', '--', '.');
    await git('clean', '-qfd');
  }
}

describe('checkRepository', () => {
  it('passes a clean repository and checks every network', async () => {
    const result = await checkRepository({ cwd: repo.dir });
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.folders).toEqual(['networks/alpha', 'networks/beta']);
    expect(result.networks.find((n) => n.name === 'alpha')?.groups).toEqual([{ name: 'validator', role: 'validator', replicas: 3 }]);
  });

  it('with --base: checks only the affected network, shows the diff and the on-chain plan', async () => {
    await withChange(networkFolder('alpha', { replicas: 5 }), async () => {
      const result = await checkRepository({ cwd: repo.dir, base: 'main' });
      expect(result.folders).toEqual(['networks/alpha']);
      expect(result.diff?.map((c) => `${c.change} ${c.kind}/${c.name} ${c.fields.map((f) => f.path).join(',')}`)).toEqual(['modified StatefulSet/validator spec.replicas']);
      expect(result.plan?.[0]?.steps.map((s) => `${s.kind} ${'node' in s ? s.node.pod : ''}`)).toEqual([
        'set-session-keys validator-3',
        'register-validator validator-3',
        'set-session-keys validator-4',
        'register-validator validator-4',
      ]);
    });
  });

  it('a network.yaml change appears in the diff as a Network resource', async () => {
    const folder = networkFolder('beta');
    const changed = folder['networks/beta/network.yaml']!.replace('{min: 1, max: 20}', '{min: 1, max: 30}');
    expect(changed).not.toBe(folder['networks/beta/network.yaml']);
    await withChange({ 'networks/beta/network.yaml': changed }, async () => {
      const result = await checkRepository({ cwd: repo.dir, base: 'main' });
      const change = result.diff?.find((c) => c.kind === 'Network');
      expect(change).toMatchObject({ source: 'networks/beta', network: 'beta', name: 'beta', change: 'modified' });
      expect(change!.fields).toEqual([{ path: 'bounds.validators.max', before: 20, after: 30 }]);
      expect(change!.unified).toContain('-    max: 20');
      expect(change!.unified).toContain('+    max: 30');
    });
  });

  it('a shared base change affects every network using it', async () => {
    await withChange({ 'apps/node/service.yaml': nodeGroupBase()['apps/node/service.yaml']!.replace('30333', '30334') }, async () => {
      const result = await checkRepository({ cwd: repo.dir, base: 'main' });
      expect(result.folders).toEqual(['networks/alpha', 'networks/beta']);
      expect(result.plan).toEqual([]);
    });
  });

  it('reports a :latest image as a policy error at the line of the patch that sets it', async () => {
    const change = networkFolder('beta', { image: 'docker.io/parity/polkadot:latest' });
    const imageLine = change['networks/beta/validators.yaml']!.split('\n').findIndex((l) => l.includes('image: docker.io/parity/polkadot:latest')) + 1;
    expect(imageLine).toBeGreaterThan(1);
    await withChange(change, async () => {
      const result = await checkRepository({ cwd: repo.dir, base: 'main' });
      expect(result.ok).toBe(false);
      const f = result.findings.find((x) => x.check === 'policy' && x.severity === 'error');
      expect(f).toMatchObject({ file: 'networks/beta/validators.yaml', line: imageLine, network: 'beta' });
      expect(f!.message).toContain('latest');
    });
  });

  it('finds a mnemonic added anywhere, never repeating it', async () => {
    const phrase = mnemonicGenerate(12);
    await withChange({ 'scripts/bootstrap.sh': `#!/bin/sh\nsubkey inspect "${phrase}//stash"\n` }, async () => {
      const result = await checkRepository({ cwd: repo.dir, base: 'main' });
      const f = result.findings.find((x) => x.check === 'keys');
      expect(f).toMatchObject({ file: 'scripts/bootstrap.sh', line: 2, severity: 'error' });
      expect(JSON.stringify(result)).not.toContain(phrase.split(' ').slice(0, 3).join(' '));
    });
  });

  it('turns hostile input into findings, not crashes or network access', async () => {
    await withChange(
      {
        'networks/beta/kustomization.yaml': 'resources:\n- https://example.com/evil.yaml\n',
        'networks/alpha/network.yaml': 'apiVersion: substrate-gitops.io/v1alpha1\nkind: Network\nname: alpha\nname: alpha\n',
      },
      async () => {
        const result = await checkRepository({ cwd: repo.dir, base: 'main' });
        const rules = result.findings.map((f) => `${f.file}:${f.line ?? ''} ${f.rule}`);
        expect(rules).toContain('networks/beta/kustomization.yaml:2 input/remote-base');
        expect(rules).toContain('networks/alpha/network.yaml:4 input/yaml');
        expect(result.ok).toBe(false);
      },
    );
  });
});

describe('npm run check (command line contract)', () => {
  const cli = (args: string[], cwd: string) => execa(join(REPO_ROOT, 'node_modules/.bin/tsx'), [join(REPO_ROOT, 'scripts/check.ts'), ...args], { cwd, reject: false });

  it('exits 0 with JSON on a clean repository', async () => {
    const r = await cli(['--format', 'json'], repo.dir);
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout) as { ok: boolean; findings: unknown[]; networks: unknown[] };
    expect(out.ok).toBe(true);
    expect(out.networks).toHaveLength(2);
  });

  it('exits 1 on error findings', async () => {
    await withChange({ 'networks/alpha/network.yaml': 'kind: Network\n' }, async () => {
      const r = await cli([], repo.dir);
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toContain('networks/alpha/network.yaml');
    });
  });

  it('exits 2 with one clear line on a usage problem', async () => {
    const r = await cli(['--base', 'no-such-ref'], repo.dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('no-such-ref');
    const bad = await cli(['--format', 'xml'], repo.dir);
    expect(bad.exitCode).toBe(2);
  });
});
