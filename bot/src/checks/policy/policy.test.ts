import { describe, expect, it } from 'vitest';
import type { ResourceChange } from '../../diff/types.js';
import type { RenderedResource } from '../../render/types.js';
import { decideApproval } from './approval.js';
import { checkPolicy } from './check.js';
import type { NetworkFacts } from './data.js';
import { verifyPolicies } from './verify.js';
import { anchorLine } from './results.js';

const ROLE = 'substrate-gitops.io/role';
const NETWORK = 'substrate-gitops.io/network';

type Obj = Record<string, any>;

function rendered(object: Obj, file: string, line: number, network = 'net1'): RenderedResource {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata.name,
    ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
    source: `networks/${network}`,
    network,
    origin: { file, line },
    object,
  };
}

function nodeGroup(name: string, role: string | undefined, container: Obj = {}, spec: Obj = {}): Obj {
  const labels: Obj = { [NETWORK]: 'net1', ...(role ? { [ROLE]: role } : {}) };
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'net1', labels, annotations: role ? { [ROLE]: role } : {} },
    spec: {
      replicas: 3,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'node',
              image: 'docker.io/parity/polkadot:v1.16.0',
              args: ['--chain=/chain/spec.json', '--node-key-file=/keys/node-key'],
              resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '2Gi' } },
              volumeMounts: [{ name: 'node-key', mountPath: '/keys' }],
              ...container,
            },
          ],
          volumes: [{ name: 'node-key', secret: { secretName: `${name}-node-key` } }],
        },
      },
      ...spec,
    },
  };
}

function service(name: string, type: string, app: string): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'net1', labels: { [NETWORK]: 'net1' } },
    spec: { type, selector: { app }, ports: [{ name: 'rpc', port: 9944, targetPort: 9944 }] },
  };
}

const networks: NetworkFacts[] = [
  { name: 'net1', file: 'networks/net1/network.yaml', data: { bounds: { validators: { min: 2, max: 4 } }, images: { allowedRegistries: ['docker.io/parity'] } } },
];

/** One rule id per offending resource, keyed by where the finding points. */
async function ruleHits(resources: RenderedResource[], kustomizations: { file: string; content: string }[] = []) {
  const findings = await checkPolicy({ resources, kustomizations, networks });
  return findings.map((f) => `${f.severity} ${f.rule} ${f.file}:${f.line} ${f.network ?? '-'}`).sort();
}

describe('checkPolicy', () => {
  it('finds nothing on well-formed node groups and services', async () => {
    const good = [
      rendered(nodeGroup('validators', 'validator'), 'networks/net1/validators.yaml', 1),
      rendered(nodeGroup('rpc', 'rpc', { args: ['--unsafe-rpc-external', '--rpc-methods=unsafe', '--node-key-file=/keys/node-key'] }, { replicas: 9 }), 'networks/net1/rpc.yaml', 1),
      rendered(service('rpc-public', 'LoadBalancer', 'rpc'), 'networks/net1/rpc.yaml', 40),
      rendered(service('validators', 'ClusterIP', 'validators'), 'networks/net1/validators.yaml', 50),
    ];
    expect(await checkPolicy({ resources: good, kustomizations: [], networks })).toEqual([]);
  });

  it.each([
    ['SG-IMG-001', nodeGroup('v', 'validator', { image: 'docker.io/parity/polkadot:latest' })],
    ['SG-IMG-002', nodeGroup('v', 'validator', { image: 'quay.io/parity/polkadot:v1' })],
    ['SG-RES-001', nodeGroup('v', 'validator', { resources: { requests: { cpu: '1', memory: '1Gi' } } })],
    ['SG-RPC-001', nodeGroup('v', 'validator', { args: ['--rpc-external', '--node-key-file=/keys/node-key'] })],
    ['SG-KEY-001', nodeGroup('v', 'validator', { args: ['--node-key', '0xabcdef'] })],
    ['SG-KEY-002', nodeGroup('v', 'validator', { args: ['--node-key-file=/data/node-key'] })],
    ['SG-KEY-003', nodeGroup('v', 'validator', { env: [{ name: 'SEED', value: 'twelve words here' }] })],
    ['SG-ROLE-001', nodeGroup('v', undefined)],
    ['SG-BND-001', nodeGroup('v', 'validator', {}, { replicas: 5 })],
  ])('%s fires on the offending resource, at its origin', async (rule, object) => {
    const hits = await ruleHits([
      rendered(nodeGroup('fine', 'validator'), 'networks/net1/fine.yaml', 1),
      rendered(object, 'networks/net1/bad.yaml', 17),
    ]);
    expect(hits).toEqual([`error ${rule} networks/net1/bad.yaml:17 net1`]);
  });

  it('SG-RPC-002 and SG-RPC-003 fire on what exposes validator pods, not on the validators', async () => {
    const ingress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'rpc', namespace: 'net1' },
      spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'validators', port: { number: 9944 } } } }] } }] },
    };
    const hits = await ruleHits([
      rendered(nodeGroup('validators', 'validator'), 'networks/net1/validators.yaml', 1),
      rendered(service('validators', 'ClusterIP', 'validators'), 'networks/net1/validators.yaml', 60),
      rendered(service('validators-lb', 'NodePort', 'validators'), 'networks/net1/expose.yaml', 1),
      rendered(ingress, 'networks/net1/expose.yaml', 20),
    ]);
    expect(hits).toEqual(['error SG-RPC-002 networks/net1/expose.yaml:1 net1', 'error SG-RPC-003 networks/net1/expose.yaml:20 net1']);
  });

  it('reports advice as a warning', async () => {
    const object = nodeGroup('v', 'validator', { resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } } });
    expect(await ruleHits([rendered(object, 'networks/net1/v.yaml', 3)])).toEqual(['warning SG-RES-101 networks/net1/v.yaml:3 net1']);
  });

  it('keeps same-named resources of one folder apart', async () => {
    const a = nodeGroup('same', 'validator');
    const b = nodeGroup('same', 'validator', { image: 'docker.io/parity/polkadot' });
    b.metadata.namespace = 'other';
    expect(await ruleHits([rendered(a, 'networks/net1/a.yaml', 1), rendered(b, 'networks/net1/b.yaml', 9)])).toEqual(['error SG-IMG-001 networks/net1/b.yaml:9 net1']);
  });

  it('SG-KUS-001 points at the line of the remote entry in kustomization.yaml', async () => {
    const content = ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources:', '  - ../../apps/substrate-node', '  - "https://github.com/org/repo//base?ref=v1"', 'components:', '  - ../../apps/substrate-node/components/rpc', ''].join('\n');
    const findings = await checkPolicy({
      resources: [],
      kustomizations: [
        { file: 'networks/net1/kustomization.yaml', content },
        { file: 'clusters/dev/kustomization.yaml', content: 'resources:\n  - apps.yaml\n' },
      ],
      networks,
    });
    expect(findings).toEqual([
      expect.objectContaining({ check: 'policy', severity: 'error', rule: 'SG-KUS-001', file: 'networks/net1/kustomization.yaml', line: 5, network: 'net1', message: expect.stringContaining('https://github.com/org/repo//base?ref=v1') }),
    ]);
  });
});

describe('Rego unit tests', () => {
  it('conftest verify passes over policies/', async () => {
    const report = await verifyPolicies();
    expect(report.failed).toEqual([]);
    expect(report.passed).toBeGreaterThan(50);
  });
});

describe('decideApproval', () => {
  const change = (role: string, fields: ResourceChange['fields']): ResourceChange => ({
    source: 'networks/net1',
    network: 'net1',
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    name: `${role}-nodes`,
    change: 'modified',
    role: role as ResourceChange['role'],
    fields,
    unified: '',
  });

  it('approves an image tag bump with a reason', async () => {
    const decision = await decideApproval(
      [change('rpc', [{ path: 'spec.template.spec.containers[name=node].image', before: 'docker.io/parity/polkadot:v1.15.0', after: 'docker.io/parity/polkadot:v1.16.0' }])],
      networks,
    );
    expect(decision.lowRisk).toBe(true);
    expect(decision.reasons).toEqual([expect.stringContaining('image bump docker.io/parity/polkadot:v1.15.0 → docker.io/parity/polkadot:v1.16.0')]);
  });

  it('does not approve a change whose on-chain plan takes something away, and says owners must', async () => {
    const bump = change('rpc', [{ path: 'spec.template.spec.containers[name=node].image', before: 'docker.io/parity/polkadot:v1.15.0', after: 'docker.io/parity/polkadot:v1.16.0' }]);
    const node = { network: 'net1', group: 'v', pod: 'v-3', role: 'validator' as const, keys: { secret: 's', secretKey: 'seed', keyPath: '//v-3', accountPath: '//v-3', keyTypes: [], generation: 1 } };
    const decision = await decideApproval([bump], networks, [{ network: 'net1', steps: [{ kind: 'deregister-validator', node }], notes: [] }]);
    expect(decision.lowRisk).toBe(false);
    expect(decision.reasons).toContain("SG-APR-002: net1: deregister validator v-3 takes something away from the chain; the network's owners must approve it");
  });

  it('does not approve validator replicas, and says why', async () => {
    const decision = await decideApproval([change('validator', [{ path: 'spec.replicas', before: 3, after: 4 }])], networks);
    expect(decision.lowRisk).toBe(false);
    expect(decision.reasons.join('\n')).toMatch(/validator group/);
  });
});

describe('per-pod p2p Services (rendered resources through conftest)', () => {
  const advertising = { args: ['--chain=/chain/spec.json', '--node-key-file=/keys/node-key', '--public-addr=/dns/$(POD_NAME)-p2p.$(POD_NAMESPACE).svc.cluster.local/tcp/30333'] };
  const p2p = (pod: string): Obj => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: `${pod}-p2p`, namespace: 'net1', labels: { [NETWORK]: 'net1' } },
    spec: { type: 'ClusterIP', selector: { 'statefulset.kubernetes.io/pod-name': pod }, ports: [{ name: 'p2p', port: 30333, targetPort: 30333 }] },
  });

  it('a replicas bump without its Services is an error at the group; a Service past the replicas a warning at the Service', async () => {
    const hits = await ruleHits([
      rendered(nodeGroup('v', 'validator', advertising, { replicas: 3 }), 'networks/net1/validators.yaml', 1),
      rendered(p2p('v-0'), 'networks/net1/p2p-services.yaml', 1),
      rendered(p2p('v-1'), 'networks/net1/p2p-services.yaml', 20),
      rendered(p2p('v-4'), 'networks/net1/p2p-services.yaml', 40),
    ]);
    expect(hits).toEqual(['error SG-P2P-001 networks/net1/validators.yaml:1 net1', 'warning SG-P2P-002 networks/net1/p2p-services.yaml:40 net1']);
  });

  it('one Service per replica passes', async () => {
    const hits = await ruleHits([rendered(nodeGroup('v', 'validator', advertising, { replicas: 2 }), 'networks/net1/validators.yaml', 1), rendered(p2p('v-0'), 'networks/net1/p2p.yaml', 1), rendered(p2p('v-1'), 'networks/net1/p2p.yaml', 20)]);
    expect(hits.filter((h) => h.includes('SG-P2P'))).toEqual([]);
  });
});

describe('anchorLine', () => {
  const text = ['kind: StatefulSet', 'metadata: {name: a}', 'spec:', '  image: x:latest', '---', 'kind: StatefulSet', 'metadata: {name: b}', '  image: y:latest', ''].join('\n');

  it('finds the value within the document that starts at the given line', () => {
    expect(anchorLine(text, 1, 'x:latest')).toBe(4);
    expect(anchorLine(text, 6, 'y:latest')).toBe(8);
  });

  it('does not wander into the next document', () => {
    expect(anchorLine(text, 1, 'y:latest')).toBeUndefined();
    expect(anchorLine(text, 6, 'x:latest')).toBeUndefined();
  });
});
