import { describe, expect, it } from 'vitest';
import { isDestinationPermitted, isKindPermitted, isSourcePermitted, parseProject, resolveCluster, type ProjectRules } from './project.js';

// The behaviour Argo CD v3 documents for AppProjects (docs/user-guide/projects.md and the
// AppProject API reference), case by case.

function project(spec: Record<string, unknown>): ProjectRules {
  const parsed = parseProject({ spec }, 'p', { file: 'clusters/c/appproject.yaml', line: 1 });
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.rules;
}

describe('sourceRepos', () => {
  it.each([
    [['*'], 'https://github.com/argoproj/test.git', true],
    [['https://github.com/argoproj/test.git'], 'https://github.com/argoproj/test', true],
    [['https://GitHub.com/ArgoProj/Test.git'], 'https://github.com/argoproj/test.git', true],
    [['git@github.com:argoproj/test.git'], 'git@github.com:argoproj/test', true],
    [['https://github.com/argoproj/*'], 'https://github.com/argoproj/argoproj.git', true],
    [['https://github.com/argoproj/test1.git'], 'https://github.com/argoproj/test2.git', false],
    [['https://github.com/argoproj/foo'], 'https://github.com/argoproj/foo1', false],
    // `*` stops at '/', `**` does not.
    [['https://gitlab.com/group/*'], 'https://gitlab.com/group/repo/owner', false],
    [['https://gitlab.com/group/**'], 'https://gitlab.com/group/sub/repo/owner', true],
    // A negated entry that matches refuses whatever else matches.
    [['*', '!https://github.com/**'], 'https://github.com/argoproj/test.git', false],
    [['*', '!https://github.com/**'], 'https://gitlab.com/group/repo.git', true],
    [['https://github.com/test1/test.git', '!https://github.com/test2/test.git'], 'https://github.com/test2/test.git', false],
    [[], 'https://github.com/argoproj/test.git', false],
  ])('%j permits %s: %s', (sourceRepos, url, expected) => {
    expect(isSourcePermitted(project({ sourceRepos }), url)).toEqual({ permitted: expected });
  });

  it('a URL Argo CD would re-encode is reported as not evaluable, not guessed', () => {
    expect(isSourcePermitted(project({ sourceRepos: ['*'] }), 'https://example.com/a b')).toMatchObject({ permitted: false, unevaluable: expect.stringContaining('re-encodes') });
  });
});

describe('destinations', () => {
  const IN = { server: 'https://kubernetes.default.svc', name: 'in-cluster' };
  it.each([
    [[{ server: 'https://kubernetes.default.svc', namespace: 'default' }], IN, 'default', true],
    [[{ server: 'https://kubernetes.default.svc', namespace: 'default' }], IN, 'kube-system', false],
    [[{ server: 'https://my-cluster', namespace: 'default' }], IN, 'default', false],
    [[{ server: 'https://*.default.svc', namespace: 'test-*' }], IN, 'test-foo', true],
    [[{ server: 'https://kubernetes.default.svc', namespace: 'test-*' }], IN, 'test', false],
    [[{ name: 'in-cluster', namespace: '*' }], IN, 'x', true],
    [[{ name: 'other', namespace: '*' }], IN, 'x', false],
    // Negation (Argo CD ≥ 2.5): a `!` entry that excludes the target wins over earlier matches.
    [[{ server: '*', namespace: '*' }, { server: '*', namespace: '!kube-system' }], IN, 'kube-system', false],
    [[{ server: '*', namespace: '*' }, { server: '*', namespace: '!kube-system' }], IN, 'default', true],
    [[{ server: 'https://kubernetes.default.svc', namespace: '*' }, { server: 'https://kubernetes.default.svc', namespace: '!kube-*' }], IN, 'kube-public', false],
    [[{ server: '*', namespace: '*' }, { server: '!https://kubernetes.default.svc', namespace: 'kube-system' }], IN, 'kube-system', false],
    [[{ server: 'https://kubernetes.default.svc', namespace: '!default' }], IN, 'kube-system', true],
    [[{ server: '!https://kubernetes.default.svc', namespace: '*' }], IN, 'x', false],
    // A negated namespace on another server does not concern this one.
    [[{ server: 'https://other', namespace: '!{kube-system,argocd}' }, { server: 'https://kubernetes.default.svc', namespace: '*' }], IN, 'kube-system', true],
    [[], IN, 'x', false],
  ])('%j permits %j / %s: %s', (destinations, cluster, namespace, expected) => {
    expect(isDestinationPermitted(project({ destinations }), cluster, namespace)).toBe(expected);
  });

  it('the in-cluster API server is known by server and by name; other clusters only as written', () => {
    expect(resolveCluster({ server: 'https://kubernetes.default.svc/' })).toEqual({ ok: true, cluster: IN });
    expect(resolveCluster({ name: 'in-cluster' })).toEqual({ ok: true, cluster: IN });
    expect(resolveCluster({ server: 'https://eu.example' })).toEqual({ ok: true, cluster: { server: 'https://eu.example', name: '' } });
    expect(resolveCluster({ server: 'https://a', name: 'b' }).ok).toBe(false);
    expect(resolveCluster({ namespace: 'x' }).ok).toBe(false);
  });
});

describe('resource kinds', () => {
  it('an absent namespaceResourceWhitelist permits every namespaced kind; an empty one none', () => {
    expect(isKindPermitted(project({}), '', 'Secret', 's', true).permitted).toBe(true);
    expect(isKindPermitted(project({ namespaceResourceWhitelist: null }), '', 'Secret', 's', true).permitted).toBe(true);
    expect(isKindPermitted(project({ namespaceResourceWhitelist: [] }), 'apps', 'StatefulSet', 's', true)).toMatchObject({ permitted: false, list: 'namespaceResourceWhitelist' });
  });

  it('an absent or empty clusterResourceWhitelist permits no cluster-scoped kind', () => {
    expect(isKindPermitted(project({}), '', 'Namespace', 'n', false)).toMatchObject({ permitted: false, list: 'clusterResourceWhitelist' });
    expect(isKindPermitted(project({ clusterResourceWhitelist: [] }), '', 'Namespace', 'n', false).permitted).toBe(false);
    expect(isKindPermitted(project({ clusterResourceWhitelist: [{ group: '*', kind: '*' }] }), 'rbac.authorization.k8s.io', 'ClusterRole', 'r', false).permitted).toBe(true);
  });

  it('whitelists match group and kind with wildcards; blacklists remove', () => {
    const p = project({
      namespaceResourceWhitelist: [{ group: 'apps', kind: '*' }, { group: '', kind: 'Service' }],
      namespaceResourceBlacklist: [{ group: 'apps', kind: 'DaemonSet' }],
      clusterResourceWhitelist: [{ group: 'rbac.authorization.k8s.io', kind: 'Cluster*', name: 'substrate-*' }],
      clusterResourceBlacklist: [{ group: '*', kind: 'ClusterRoleBinding' }],
    });
    expect(isKindPermitted(p, 'apps', 'StatefulSet', 'v', true).permitted).toBe(true);
    expect(isKindPermitted(p, 'apps', 'DaemonSet', 'v', true)).toMatchObject({ permitted: false, list: 'namespaceResourceBlacklist' });
    expect(isKindPermitted(p, '', 'Secret', 's', true)).toMatchObject({ permitted: false, list: 'namespaceResourceWhitelist' });
    // The core group is "", so a whitelisted "Service" of another group is not the core Service.
    expect(isKindPermitted(p, 'serving.knative.dev', 'Service', 's', true).permitted).toBe(false);
    expect(isKindPermitted(p, 'rbac.authorization.k8s.io', 'ClusterRole', 'substrate-reader', false).permitted).toBe(true);
    expect(isKindPermitted(p, 'rbac.authorization.k8s.io', 'ClusterRole', 'admin', false).permitted).toBe(false);
    expect(isKindPermitted(p, 'rbac.authorization.k8s.io', 'ClusterRoleBinding', 'substrate-x', false)).toMatchObject({ permitted: false, list: 'clusterResourceBlacklist' });
  });

  it('an entry with a missing group stands for the core group only', () => {
    const p = project({ namespaceResourceWhitelist: [{ kind: 'ConfigMap' }] });
    expect(isKindPermitted(p, '', 'ConfigMap', 'c', true).permitted).toBe(true);
    expect(isKindPermitted(p, 'example.io', 'ConfigMap', 'c', true).permitted).toBe(false);
  });

  it('a malformed AppProject is reported, not read half', () => {
    expect(parseProject({ spec: { destinations: 'x' } }, 'p', { file: 'f' }).ok).toBe(false);
    expect(parseProject({ spec: { namespaceResourceWhitelist: [{ group: 1, kind: 'x' }] } }, 'p', { file: 'f' }).ok).toBe(false);
  });
});
