import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { nodeGroupBase, networkFolder } from '../../../test/networkFixture.js';
import { addFiles, writeTree } from '../../../test/tree.js';
import { checkRepository } from '../../pipeline/checkRepository.js';
import type { CheckResult } from '../../pipeline/types.js';
import { REPO_ROOT } from '../../tools/cache.js';

// What Argo CD will refuse, end to end on a real git repository: the repository's own
// clusters/testnet-eu folder (AppProject, ApplicationSet over networks/*) rendered by the real
// kustomize, two networks, and pull requests checked with --base like the bot checks them.

let repo: { dir: string; dispose: () => Promise<void> };
const git = (...args: string[]) =>
  execa('git', args, { cwd: repo.dir, env: { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' } });

/** The repository's clusters/testnet-eu, file by file. */
function clusterFolder(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(REPO_ROOT, rel), { withFileTypes: true })) {
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else files[path] = readFileSync(join(REPO_ROOT, path), 'utf8');
    }
  };
  walk('clusters/testnet-eu');
  return files;
}
const CLUSTER = clusterFolder();
const PROJECT_FILE = 'clusters/testnet-eu/appproject-networks.yaml';
const APPSET_FILE = 'clusters/testnet-eu/applicationset-networks.yaml';

beforeAll(async () => {
  repo = await writeTree({ ...nodeGroupBase(), ...networkFolder('alpha'), ...networkFolder('beta'), ...CLUSTER });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-qm', 'base');
}, 60_000);
afterAll(async () => repo?.dispose());

async function pullRequest(files: Record<string, string>): Promise<CheckResult> {
  await addFiles(repo.dir, files);
  try {
    return await checkRepository({ cwd: repo.dir, base: 'main' });
  } finally {
    await git('checkout', '-q', '--', '.');
    await git('clean', '-qfd');
  }
}

/** networks/<name> with extra resources in extra.yaml (and its namespace overridden when given). */
function withExtra(name: string, extra: string, options: { namespace?: string } = {}): Record<string, string> {
  const folder = networkFolder(name);
  const kustomization = folder[`networks/${name}/kustomization.yaml`]!.replace('- ../../apps/node', '- ../../apps/node\n- extra.yaml');
  return {
    ...folder,
    [`networks/${name}/kustomization.yaml`]: options.namespace ? kustomization.replace(`namespace: ${name}`, `namespace: ${options.namespace}`) : kustomization,
    [`networks/${name}/extra.yaml`]: extra,
  };
}

/** 1-based line of the `apiVersion:` that opens the document declaring `kind: <kind>`. */
function documentLine(text: string, kind: string): number {
  const lines = text.split('\n');
  const kindAt = lines.indexOf(`kind: ${kind}`);
  let start = kindAt;
  while (start > 0 && !lines[start]!.startsWith('apiVersion:')) start--;
  return start + 1;
}

const argo = (r: CheckResult) => r.findings.filter((f) => f.check === 'argocd');
const rules = (r: CheckResult) => argo(r).map((f) => `${f.file}:${f.line ?? ''} ${f.rule} ${f.severity}`);

const INGRESS_AND_SECRET = [
  'apiVersion: networking.k8s.io/v1',
  'kind: Ingress',
  'metadata:',
  '  name: rpc',
  'spec:',
  '  rules:',
  '  - host: rpc.example.com',
  '    http:',
  '      paths:',
  '      - path: /',
  '        pathType: Prefix',
  '        backend:',
  '          service: {name: validator, port: {number: 9944}}',
  '---',
  'apiVersion: v1',
  'kind: Secret',
  'metadata:',
  '  name: validator-keys',
  'type: Opaque',
  'stringData:',
  '  note: created here by mistake',
  '',
].join('\n');

describe('the Argo CD stage on a real repository', () => {
  it('passes the clean repository: every network is synced and permitted', async () => {
    const result = await checkRepository({ cwd: repo.dir });
    expect(result.findings).toEqual([]);
    expect(result.timings.argocd).toBeGreaterThanOrEqual(0);
  });

  it('a pull request adding an Ingress and a Secret fails with two errors at their lines', async () => {
    const result = await pullRequest(withExtra('alpha', INGRESS_AND_SECRET));
    expect(result.ok).toBe(false);
    expect(result.folders).toEqual(['networks/alpha']);
    expect(rules(result)).toEqual([
      `networks/alpha/extra.yaml:${documentLine(INGRESS_AND_SECRET, 'Ingress')} argocd/kind-not-permitted error`,
      `networks/alpha/extra.yaml:${documentLine(INGRESS_AND_SECRET, 'Secret')} argocd/kind-not-permitted error`,
    ]);
    for (const f of argo(result)) {
      expect(f.network).toBe('alpha');
      expect(f.message).toContain(`AppProject substrate-networks (${PROJECT_FILE}`);
      expect(f.message).toContain('namespaceResourceWhitelist');
    }
  });

  it('kinds the AppProject lists pass', async () => {
    const extra = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: extra}',
      'data: {a: b}',
      '---',
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: deny-all}',
      'spec:',
      '  podSelector: {}',
      '  policyTypes: [Ingress]',
      '',
    ].join('\n');
    const result = await pullRequest(withExtra('alpha', extra));
    expect(argo(result)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('a resource in a namespace the destinations exclude is refused at its line', async () => {
    const extra = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: leak', '  namespace: kube-system', 'data: {a: b}', ''].join('\n');
    // kustomize's `namespace:` would override it, so this network sets none and the Application's applies.
    const folder = withExtra('alpha', extra);
    folder['networks/alpha/kustomization.yaml'] = folder['networks/alpha/kustomization.yaml']!.replace('namespace: alpha\n', '');
    const result = await pullRequest(folder);
    expect(rules(result)).toEqual(['networks/alpha/extra.yaml:1 argocd/namespace-not-permitted error']);
    expect(argo(result)[0]!.message).toContain('kube-system');
  });

  it('a network whose folder name is a namespace the AppProject negates (!monitoring) is refused as a whole', async () => {
    const result = await pullRequest(networkFolder('monitoring'));
    expect(rules(result)).toEqual([`${APPSET_FILE}:${documentLine(CLUSTER[APPSET_FILE]!, 'ApplicationSet')} argocd/destination-not-permitted error`]);
    expect(argo(result)[0]).toMatchObject({ network: 'monitoring' });
  });

  it('a cluster-scoped kind the clusterResourceWhitelist does not list is refused', async () => {
    const extra = ['apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRole', 'metadata: {name: alpha-reader}', 'rules: []', ''].join('\n');
    const result = await pullRequest(withExtra('alpha', extra));
    expect(rules(result)).toEqual(['networks/alpha/extra.yaml:1 argocd/kind-not-permitted error']);
    expect(argo(result)[0]!.message).toContain('cluster-scoped kind ClusterRole');
  });

  it('a cluster change re-checks every network; an Application from a repository sourceRepos does not list is refused', async () => {
    const kustomization = 'clusters/testnet-eu/kustomization.yaml';
    const fork = {
      // The template stops taking the repository URL from repository.yaml and names a fork.
      [kustomization]: CLUSTER[kustomization]!.replace('          - spec.template.spec.source.repoURL\n', ''),
      [APPSET_FILE]: CLUSTER[APPSET_FILE]!.replace('        repoURL: REPOSITORY\n        targetRevision:', '        repoURL: https://github.com/someone-else/fork.git\n        targetRevision:'),
    };
    expect(fork[kustomization]).not.toBe(CLUSTER[kustomization]);
    expect(fork[APPSET_FILE]).not.toBe(CLUSTER[APPSET_FILE]);
    const result = await pullRequest(fork);
    expect(result.folders).toEqual(['clusters/testnet-eu', 'networks/alpha', 'networks/beta']);
    const at = `${APPSET_FILE}:${documentLine(CLUSTER[APPSET_FILE]!, 'ApplicationSet')}`;
    expect(rules(result)).toEqual([`${at} argocd/source-not-permitted error`, `${at} argocd/source-not-permitted error`]);
    expect(argo(result).map((f) => f.network).sort()).toEqual(['alpha', 'beta']);
    expect(argo(result)[0]!.message).toContain('https://github.com/someone-else/fork.git');
  });

  it('a negated destination added to the AppProject refuses the network it names', async () => {
    const project = CLUSTER[PROJECT_FILE]!.replace('      namespace: "!substrate-gitops"', '      namespace: "!substrate-gitops"\n    - server: https://kubernetes.default.svc\n      namespace: "!beta"');
    const result = await pullRequest({ [PROJECT_FILE]: project });
    expect(rules(result)).toEqual([`${APPSET_FILE}:${documentLine(CLUSTER[APPSET_FILE]!, 'ApplicationSet')} argocd/destination-not-permitted error`]);
    expect(argo(result)[0]).toMatchObject({ network: 'beta' });
  });

  it('a network the ApplicationSet excludes is not synced: a warning, and its kinds are not judged', async () => {
    const appset = CLUSTER[APPSET_FILE]!.replace('          - path: networks/*\n', '          - path: networks/*\n          - path: networks/alpha\n            exclude: true\n');
    expect(appset).not.toBe(CLUSTER[APPSET_FILE]);
    const result = await pullRequest({ [APPSET_FILE]: appset, ...withExtra('alpha', INGRESS_AND_SECRET) });
    expect(rules(result)).toEqual(['networks/alpha/kustomization.yaml: argocd/not-synced warning']);
  });

  it('YAML in a folder the generator lists but without a kustomization would be applied unchecked', async () => {
    const result = await pullRequest({ 'networks/stray/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n' });
    expect(result.folders).toEqual([]);
    expect(rules(result)).toEqual(['networks/stray/secret.yaml: argocd/unchecked-folder error']);
    expect(result.ok).toBe(false);
  });
});
