import { describe, expect, it } from 'vitest';
import { decideArgoCd } from './decide.js';
import { argoCdFindings } from './findings.js';
import type { ArgoCdInput, ClusterObject, NetworkInput, NetworkResource } from './types.js';

// The decider on plain data: a cluster folder shaped like the repository's own (an AppProject
// for networks, an ApplicationSet with a git directory generator over networks/*).

const REPO = 'https://github.com/example-org/substrate-gitops.git';
const SCOPES = { '/Namespace': false, '/Secret': true, '/Service': true, '/ConfigMap': true, 'apps/StatefulSet': true, 'networking.k8s.io/Ingress': true, 'rbac.authorization.k8s.io/ClusterRole': false };

function appProject(spec: Record<string, unknown> = {}): ClusterObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    name: 'substrate-networks',
    namespace: 'argocd',
    origin: { file: 'clusters/eu/appproject-networks.yaml', line: 4 },
    object: {
      spec: {
        sourceRepos: [REPO],
        destinations: [
          { server: 'https://kubernetes.default.svc', namespace: '*' },
          { server: 'https://kubernetes.default.svc', namespace: '!argocd' },
          { server: 'https://kubernetes.default.svc', namespace: '!kube-*' },
        ],
        clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
        namespaceResourceWhitelist: [
          { group: 'apps', kind: 'StatefulSet' },
          { group: '', kind: 'Service' },
          { group: '', kind: 'ConfigMap' },
        ],
        ...spec,
      },
    },
  };
}

function applicationSet(options: { directories?: unknown[]; goTemplate?: boolean; template?: Record<string, unknown> } = {}): ClusterObject {
  const go = options.goTemplate ?? true;
  const t = (expr: string) => (go ? `{{ .path.${expr} }}` : `{{path.${expr}}}`);
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    name: 'substrate-networks',
    namespace: 'argocd',
    origin: { file: 'clusters/eu/applicationset-networks.yaml', line: 4 },
    object: {
      spec: {
        goTemplate: go,
        generators: [{ git: { repoURL: REPO, revision: 'main', directories: options.directories ?? [{ path: 'networks/*' }] } }],
        template: options.template ?? {
          metadata: { name: t('basename') },
          spec: {
            project: 'substrate-networks',
            source: { repoURL: REPO, targetRevision: 'main', path: go ? '{{ .path.path }}' : '{{path}}' },
            destination: { server: 'https://kubernetes.default.svc', namespace: t('basename') },
            syncPolicy: { syncOptions: ['CreateNamespace=true'] },
          },
        },
      },
    },
  };
}

function resource(kind: string, name: string, line: number, apiVersion = 'v1', namespace?: string): NetworkResource {
  return { apiVersion, kind, name, ...(namespace ? { namespace } : {}), origin: { file: `networks/alpha/${kind.toLowerCase()}.yaml`, line } };
}

function network(name: string, resources: NetworkResource[]): NetworkInput {
  return { name, source: `networks/${name}`, file: `networks/${name}/kustomization.yaml`, rendered: true, resources };
}

function input(objects: ClusterObject[], networks: NetworkInput[], extra: Partial<ArgoCdInput> = {}): ArgoCdInput {
  return {
    clusters: [{ source: 'clusters/eu', rendered: true, objects }],
    networks,
    directories: networks.map((n) => ({ path: n.source, network: n.name, kustomization: true, manifests: true })),
    scopes: SCOPES,
    ...extra,
  };
}

const base = () => [resource('StatefulSet', 'validator', 1, 'apps/v1'), resource('Service', 'validator', 1)];

describe('decideArgoCd', () => {
  it('generates one Application per network folder, named and namespaced after it, and permits the allowed kinds', () => {
    const verdict = decideArgoCd(input([appProject(), applicationSet()], [network('alpha', base())]));
    expect(verdict.applications).toEqual([
      expect.objectContaining({ name: 'alpha', project: 'substrate-networks', network: 'alpha', generatedBy: 'substrate-networks', destination: { server: 'https://kubernetes.default.svc', namespace: 'alpha' }, refusals: [] }),
    ]);
    expect(verdict.resources.map((r) => [r.kind, r.namespace, r.permitted])).toEqual([
      ['StatefulSet', 'alpha', true],
      ['Service', 'alpha', true],
    ]);
    expect(verdict.problems).toEqual([]);
  });

  it('the fasttemplate forms ({{path.basename}}) give the same Applications', () => {
    const verdict = decideArgoCd(input([appProject(), applicationSet({ goTemplate: false })], [network('alpha', base())]));
    expect(verdict.applications[0]).toMatchObject({ name: 'alpha', destination: { namespace: 'alpha' }, sources: [{ path: 'networks/alpha' }] });
  });

  it('refuses an Ingress and a Secret, each at its own line, naming the AppProject and the list', () => {
    const verdict = decideArgoCd(input([appProject(), applicationSet()], [network('alpha', [...base(), resource('Ingress', 'rpc', 7, 'networking.k8s.io/v1'), resource('Secret', 'seed', 12)])]));
    const findings = argoCdFindings(verdict);
    expect(findings.map((f) => [f.file, f.line, f.rule, f.severity, f.network])).toEqual([
      ['networks/alpha/ingress.yaml', 7, 'argocd/kind-not-permitted', 'error', 'alpha'],
      ['networks/alpha/secret.yaml', 12, 'argocd/kind-not-permitted', 'error', 'alpha'],
    ]);
    expect(findings[1]!.message).toContain('AppProject substrate-networks');
    expect(findings[1]!.message).toContain('namespaceResourceWhitelist');
  });

  it('refuses a resource whose own namespace the destinations exclude', () => {
    const verdict = decideArgoCd(input([appProject(), applicationSet()], [network('alpha', [resource('ConfigMap', 'leak', 3, 'v1', 'kube-system')])]));
    expect(verdict.resources[0]).toMatchObject({ namespace: 'kube-system', permitted: false, refusal: { rule: 'argocd/namespace-not-permitted' } });
  });

  it('refuses the whole Application when the folder name is a negated namespace, and evaluates none of its resources', () => {
    const verdict = decideArgoCd(input([appProject(), applicationSet()], [network('argocd', base())]));
    expect(verdict.applications[0]!.refusals.map((r) => r.rule)).toEqual(['argocd/destination-not-permitted']);
    expect(verdict.resources).toEqual([]);
    expect(argoCdFindings(verdict)[0]).toMatchObject({ file: 'clusters/eu/applicationset-networks.yaml', line: 4, network: 'argocd' });
  });

  it('refuses an Application whose repository sourceRepos does not list', () => {
    const verdict = decideArgoCd(input([appProject({ sourceRepos: ['https://github.com/other-org/*'] }), applicationSet()], [network('alpha', base())]));
    expect(verdict.applications[0]!.refusals.map((r) => r.rule)).toEqual(['argocd/source-not-permitted']);
    expect(verdict.resources).toEqual([]);
  });

  it('refuses a cluster-scoped kind the clusterResourceWhitelist does not list', () => {
    const verdict = decideArgoCd(input([appProject(), applicationSet()], [network('alpha', [resource('ClusterRole', 'reader', 2, 'rbac.authorization.k8s.io/v1')])]));
    expect(verdict.resources[0]).toMatchObject({ namespaced: false, permitted: false, refusal: { rule: 'argocd/kind-not-permitted' } });
    expect(verdict.resources[0]!.refusal!.message).toContain('clusterResourceWhitelist');
  });

  it('a folder the generator excludes is not synced: a warning on the folder, no resource verdicts', () => {
    const verdict = decideArgoCd(input([appProject(), applicationSet({ directories: [{ path: 'networks/*' }, { path: 'networks/alpha', exclude: true }] })], [network('alpha', [resource('Secret', 'seed', 1)])]));
    expect(verdict.applications).toEqual([]);
    expect(verdict.resources).toEqual([]);
    expect(verdict.problems).toEqual([expect.objectContaining({ rule: 'argocd/not-synced', severity: 'warning', network: 'alpha', origin: { file: 'networks/alpha/kustomization.yaml' } })]);
  });

  it('creating the namespace (CreateNamespace=true) needs Namespace in clusterResourceWhitelist', () => {
    const verdict = decideArgoCd(input([appProject({ clusterResourceWhitelist: [] }), applicationSet()], [network('alpha', base())]));
    expect(verdict.applications[0]!.refusals.map((r) => r.rule)).toEqual(['argocd/namespace-creation-not-permitted']);
  });

  it('a kind of unknown scope is judged only when the answer is the same either way', () => {
    const widget = resource('Widget', 'w', 5, 'example.io/v1');
    const refusedBoth = decideArgoCd(input([appProject(), applicationSet()], [network('alpha', [widget])]));
    expect(refusedBoth.resources[0]).toMatchObject({ permitted: false, refusal: { rule: 'argocd/kind-not-permitted' } });
    expect(refusedBoth.resources[0]!.namespaced).toBeUndefined();
    const depends = decideArgoCd(input([appProject({ namespaceResourceWhitelist: undefined }), applicationSet()], [network('alpha', [widget])]));
    expect(depends.problems.map((p) => p.rule)).toEqual(['argocd/unknown-scope']);
  });

  it('anything the check cannot evaluate is an error, not a pass', () => {
    const unsupported = applicationSet({ template: { metadata: { name: '{{ .path.basename | upper }}' }, spec: { project: 'substrate-networks', source: { repoURL: REPO, path: '{{ .path.path }}' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'x' } } } });
    const verdict = decideArgoCd(input([appProject(), unsupported], [network('alpha', base())]));
    expect(verdict.problems.map((p) => [p.rule, p.severity])).toContainEqual(['argocd/cannot-evaluate', 'error']);
    const listGenerator = { ...applicationSet(), object: { spec: { generators: [{ list: { elements: [] } }], template: {} } } };
    expect(decideArgoCd(input([appProject(), listGenerator], [])).problems[0]).toMatchObject({ rule: 'argocd/cannot-evaluate', severity: 'error' });
  });

  it('an Application whose AppProject the cluster folder does not declare is an error', () => {
    const verdict = decideArgoCd(input([applicationSet()], [network('alpha', base())]));
    expect(verdict.problems).toEqual([expect.objectContaining({ rule: 'argocd/project-missing', severity: 'error', network: 'alpha' })]);
  });

  it('a folder the generator lists without a kustomization would be applied unchecked', () => {
    const verdict = decideArgoCd({ ...input([appProject(), applicationSet()], []), directories: [{ path: 'networks/stray', kustomization: false, manifests: true, file: 'networks/stray/secret.yaml' }] });
    expect(verdict.problems).toEqual([expect.objectContaining({ rule: 'argocd/unchecked-folder', severity: 'error', origin: { file: 'networks/stray/secret.yaml' } })]);
  });

  it('an Application written in the cluster folder is evaluated the same way', () => {
    const app: ClusterObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      name: 'alpha',
      origin: { file: 'clusters/eu/application-alpha.yaml', line: 1 },
      object: { metadata: { name: 'alpha' }, spec: { project: 'substrate-networks', source: { repoURL: REPO, path: './networks/alpha/' }, destination: { name: 'in-cluster', namespace: 'alpha' } } },
    };
    const verdict = decideArgoCd(input([appProject(), app], [network('alpha', [resource('Secret', 's', 1)])]));
    expect(verdict.resources).toEqual([expect.objectContaining({ application: 'alpha', permitted: false })]);
  });

  it('a namespaced resource with no namespace anywhere is refused', () => {
    const template = { metadata: { name: '{{ .path.basename }}' }, spec: { project: 'substrate-networks', source: { repoURL: REPO, path: '{{ .path.path }}' }, destination: { server: 'https://kubernetes.default.svc' } } };
    const verdict = decideArgoCd(input([appProject(), applicationSet({ template })], [network('alpha', [resource('ConfigMap', 'c', 1)])]));
    expect(verdict.resources[0]).toMatchObject({ permitted: false, refusal: { rule: 'argocd/namespace-missing' } });
  });

  it('without any cluster folder there is nothing to check against', () => {
    expect(decideArgoCd({ clusters: [], networks: [network('alpha', [resource('Secret', 's', 1)])], directories: [], scopes: SCOPES })).toEqual({ applications: [], resources: [], problems: [] });
  });
});
