import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadGoModule } from '../../tools/goModule.js';
import { PINNED } from '../../tools/versions.js';
import { buildModuleGoMod, kubeApiServerLdflags, stagingModules } from './goMod.js';

describe('stagingModules', () => {
  it('lists only the replaces that point into ./staging, in block and single-line form', () => {
    const goMod = [
      'module k8s.io/kubernetes',
      'require k8s.io/api v0.0.0',
      'replace (',
      '\tk8s.io/api => ./staging/src/k8s.io/api',
      '\t// a comment => ./staging/nothing',
      '\tgithub.com/other/thing => github.com/fork/thing v1.2.3',
      '\tk8s.io/kms v0.0.0 => ./staging/src/k8s.io/kms // pinned',
      ')',
      'replace k8s.io/client-go => ./staging/src/k8s.io/client-go',
    ].join('\n');
    expect(stagingModules(goMod)).toEqual(['k8s.io/api', 'k8s.io/kms', 'k8s.io/client-go']);
  });

  it('reads the pinned Kubernetes go.mod', async () => {
    const module = await downloadGoModule(PINNED.kubernetes.module, PINNED.kubernetes.version);
    const staging = stagingModules(await readFile(join(module.dir, 'go.mod'), 'utf8'));
    expect(staging).toContain('k8s.io/apiserver');
    expect(staging).toContain('k8s.io/apiextensions-apiserver');
    expect(staging.every((m) => m.startsWith('k8s.io/'))).toBe(true);
  });
});

describe('buildModuleGoMod', () => {
  it('requires Kubernetes and points each staging module at its published version', () => {
    const text = buildModuleGoMod({ kubernetesVersion: 'v1.32.13', stagingVersion: 'v0.32.13', staging: ['k8s.io/api', 'k8s.io/kms'] });
    expect(text).toContain('require k8s.io/kubernetes v1.32.13');
    expect(text).toContain('\tk8s.io/api => k8s.io/api v0.32.13\n');
    expect(text).toContain('\tk8s.io/kms => k8s.io/kms v0.32.13\n');
  });

  it('refuses an empty staging list rather than writing a module that cannot build', () => {
    expect(() => buildModuleGoMod({ kubernetesVersion: 'v1', stagingVersion: 'v0', staging: [] })).toThrow(/staging/);
  });
});

describe('kubeApiServerLdflags', () => {
  it('stamps the release version, major and minor into component-base', () => {
    const flags = kubeApiServerLdflags('v1.32.13');
    expect(flags).toContain('-X k8s.io/component-base/version.gitVersion=v1.32.13');
    expect(flags).toContain('-X k8s.io/component-base/version.gitMajor=1');
    expect(flags).toContain('-X k8s.io/component-base/version.gitMinor=32');
    expect(flags.startsWith('-s -w ')).toBe(true);
  });

  it('refuses something that is not a release version', () => {
    expect(() => kubeApiServerLdflags('master')).toThrow(/release version/);
  });
});
