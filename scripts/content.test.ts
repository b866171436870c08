// The GitOps content (networks/, clusters/, apps/) rendered with the real `kubectl kustomize`
// and checked for the structure the bot, the policies and a reader rely on.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { ANNOTATIONS, ROLES } from '../bot/src/model/annotations.js';
import { INSERT_KEYS_CONTAINER, readPodKeyIntent } from '../bot/src/model/keyIntent.js';
import { REPO_ROOT } from '../bot/src/tools/cache.js';
import { runTool } from '../bot/src/tools/run.js';

interface Container {
  name: string;
  image?: string;
  args?: string[];
  env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string }; fieldRef?: { fieldPath: string } } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: unknown;
  livenessProbe?: unknown;
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  volumes?: { name: string; secret?: { secretName: string } }[];
}
interface Resource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // Kinds differ; each check narrows what it reads.
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  rules?: { resourceNames?: string[] }[];
}

const ORIGIN = 'config.kubernetes.io/origin';

function folders(parent: string): string[] {
  return readdirSync(join(REPO_ROOT, parent), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(REPO_ROOT, parent, entry.name, 'kustomization.yaml')))
    .map((entry) => entry.name)
    .sort();
}

async function render(folder: string): Promise<Resource[]> {
  const { stdout } = await runTool('kubectl', 'kubectl', ['kustomize', join(REPO_ROOT, folder)], { timeoutMs: 60_000 });
  return parseAllDocuments(stdout)
    .map((doc) => doc.toJS() as Resource | null)
    .filter((doc): doc is Resource => doc !== null);
}

function podSpec(resource: Resource): PodSpec | undefined {
  return resource.spec?.template?.spec as PodSpec | undefined;
}

function templateAnnotations(resource: Resource): Record<string, string> {
  return (resource.spec?.template?.metadata?.annotations ?? {}) as Record<string, string>;
}

/** The Secret a keyed group's pods read their seed from (the insert-keys SEED secretKeyRef). */
function seedSecret(resource: Resource): string | undefined {
  return podSpec(resource)?.initContainers?.find((c) => c.name === INSERT_KEYS_CONTAINER)?.env?.find((e) => e.name === 'SEED')?.valueFrom?.secretKeyRef?.name;
}

function allContainers(spec: PodSpec): Container[] {
  return [...spec.containers, ...(spec.initContainers ?? [])];
}

function ofKind(resources: Resource[], kind: string): Resource[] {
  return resources.filter((r) => r.kind === kind);
}

function named(resources: Resource[], kind: string, name: string): Resource {
  const found = resources.find((r) => r.kind === kind && r.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the render (have: ${ofKind(resources, kind).map((r) => r.metadata.name).join(', ')})`);
  return found;
}

const networks = folders('networks');
const clusters = folders('clusters');
const renders = new Map<string, Resource[]>();

beforeAll(async () => {
  const all = [...networks.map((n) => `networks/${n}`), ...clusters.map((c) => `clusters/${c}`)];
  const rendered = await Promise.all(all.map((folder) => render(folder)));
  all.forEach((folder, i) => renders.set(folder, rendered[i] ?? []));
});

const rendered = (folder: string): Resource[] => renders.get(folder) ?? [];

it('ships a key-insert script that the shell accepts', async () => {
  await runTool('sh', 'sh', ['-n', join(REPO_ROOT, 'apps', 'substrate-node', 'shared', 'insert-keys.sh')], { timeoutMs: 10_000 });
});

it('has the three example networks and a cluster', () => {
  expect(networks).toEqual(expect.arrayContaining(['dev', 'rockmine', 'rococo-ten']));
  expect(clusters.length).toBeGreaterThan(0);
});

describe.each(networks)('networks/%s', (network) => {
  const dir = join(REPO_ROOT, 'networks', network);
  const resources = (): Resource[] => rendered(`networks/${network}`);
  const statefulSets = (): Resource[] => ofKind(resources(), 'StatefulSet');
  const keyedGroups = (): Resource[] => statefulSets().filter((s) => ['validator', 'collator'].includes(s.metadata.labels?.[ANNOTATIONS.role] ?? ''));
  const networkYaml = (): any => parse(readFileSync(join(dir, 'network.yaml'), 'utf8'));

  it('has a network.yaml that validates against networks/network.schema.json and names its folder', () => {
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'networks', 'network.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ allErrors: true }).compile(schema);
    const doc = networkYaml();
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
    expect(doc.name).toBe(network);
  });

  it('builds only from local folders, keeps network.yaml out, and records each origin', () => {
    const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Record<string, unknown>;
    expect(kustomization.namespace).toBe(network);
    expect(kustomization.buildMetadata).toContain('originAnnotations');
    expect(JSON.stringify(kustomization.resources)).not.toContain('network.yaml');
    for (const resource of resources()) {
      const origin = resource.metadata.annotations?.[ORIGIN];
      expect(origin, `${resource.kind} ${resource.metadata.name} has no origin annotation`).toBeDefined();
      // A remote base would carry `repo:` in its origin.
      expect(origin).not.toMatch(/^repo:/m);
    }
  });

  it('puts every resource in the network namespace with the network label', () => {
    for (const resource of resources()) {
      expect(resource.metadata.namespace, `${resource.kind} ${resource.metadata.name}`).toBe(network);
      expect(resource.metadata.labels?.[ANNOTATIONS.network], `${resource.kind} ${resource.metadata.name}`).toBe(network);
    }
  });

  it('has an OWNERS file with one login or @org/team per line', () => {
    const owners = readFileSync(join(dir, 'OWNERS'), 'utf8')
      .split('\n')
      .map((line) => line.replace(/#.*/, '').trim())
      .filter(Boolean);
    expect(owners.length).toBeGreaterThan(0);
    for (const owner of owners) expect(owner).toMatch(/^(@[\w-]+\/[\w-]+|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)$/);
  });

  it('gives every container resource requests and limits', () => {
    for (const sts of statefulSets()) {
      for (const container of allContainers(podSpec(sts)!)) {
        const where = `${sts.metadata.name}/${container.name}`;
        for (const side of ['requests', 'limits'] as const) {
          expect(container.resources?.[side]?.cpu, `${where} ${side}.cpu`).toBeDefined();
          expect(container.resources?.[side]?.memory, `${where} ${side}.memory`).toBeDefined();
        }
      }
    }
  });

  it('pins every image by tag or digest, never latest', () => {
    for (const sts of statefulSets()) {
      for (const container of allContainers(podSpec(sts)!)) {
        const image = container.image ?? '';
        expect(image, `${sts.metadata.name}/${container.name}`).toMatch(/(@sha256:[0-9a-f]{64}|:[\w][\w.-]*)$/);
        expect(image).not.toMatch(/:latest$/);
      }
    }
  });

  it('contains no Secret with data: seeds and node keys are created out of band', () => {
    for (const secret of ofKind(resources(), 'Secret')) {
      expect(secret.data ?? {}, secret.metadata.name).toEqual({});
      expect(secret.stringData ?? {}, secret.metadata.name).toEqual({});
    }
  });

  it('runs every node group as a hardened StatefulSet with its role, probes, PVC and safe RPC', () => {
    expect(statefulSets().length).toBeGreaterThan(0);
    for (const sts of statefulSets()) {
      const name = sts.metadata.name;
      const role = sts.metadata.labels?.[ANNOTATIONS.role];
      expect(ROLES as readonly (string | undefined)[]).toContain(role);
      expect(sts.metadata.annotations?.[ANNOTATIONS.role], name).toBe(role);
      expect(sts.spec.volumeClaimTemplates?.length, `${name} has no volumeClaimTemplates`).toBeGreaterThan(0);
      const spec = podSpec(sts)!;
      expect(spec.securityContext?.runAsNonRoot, name).toBe(true);
      const node = spec.containers.find((c) => c.name === 'node')!;
      expect(node.readinessProbe, name).toBeDefined();
      expect(node.livenessProbe, name).toBeDefined();
      const args = node.args ?? [];
      expect(args).toEqual(expect.arrayContaining(['--rpc-methods=safe', '--prometheus-external', '--database=paritydb']));
      expect(args.some((a) => /^--rpc-methods=unsafe/.test(a)), name).toBe(false);
    }
  });

  it('writes the session-key intent once, where the insert-keys init container reads it', () => {
    for (const sts of keyedGroups()) {
      const name = sts.metadata.name;
      const template = templateAnnotations(sts);
      for (const key of [ANNOTATIONS.keyPath, ANNOTATIONS.accountPath, ANNOTATIONS.keyTypes, ANNOTATIONS.keyGeneration]) {
        expect(template[key], `${name} pod template ${key}`).toBeTruthy();
      }
      for (const entry of template[ANNOTATIONS.keyTypes]!.split(',')) expect(entry).toMatch(/^[a-z]{4}:(sr25519|ed25519|ecdsa)$/);
      // One source of truth: no second copy on the StatefulSet's metadata to drift from it.
      for (const key of [ANNOTATIONS.keysSecret, ANNOTATIONS.keysSecretKey, ANNOTATIONS.keyPath, ANNOTATIONS.accountPath, ANNOTATIONS.keyTypes, ANNOTATIONS.keyGeneration]) {
        expect(sts.metadata.annotations?.[key], `${name} metadata ${key}`).toBeUndefined();
      }
      const init = podSpec(sts)!.initContainers?.find((c) => c.name === INSERT_KEYS_CONTAINER);
      const fieldPath = (env: string) => init?.env?.find((e) => e.name === env)?.valueFrom?.fieldRef?.fieldPath;
      expect(fieldPath('KEY_TYPES')).toBe(`metadata.annotations['${ANNOTATIONS.keyTypes}']`);
      expect(fieldPath('KEY_PATH')).toBe(`metadata.annotations['${ANNOTATIONS.keyPath}']`);
      expect(fieldPath('KEY_GENERATION')).toBe(`metadata.annotations['${ANNOTATIONS.keyGeneration}']`);
      const { intent, problems } = readPodKeyIntent(sts as unknown as Record<string, unknown>);
      expect(problems, name).toEqual([]);
      expect(intent).toMatchObject({ secret: seedSecret(sts), secretKey: 'seed', keyTypes: template[ANNOTATIONS.keyTypes], generation: template[ANNOTATIONS.keyGeneration] });
    }
  });

  it('puts {pod}, {type} and {generation} in every key path outside ephemeral networks', () => {
    if (networkYaml().ephemeral === true) return;
    for (const sts of keyedGroups()) {
      const keyPath = templateAnnotations(sts)[ANNOTATIONS.keyPath]!;
      for (const placeholder of ['{pod}', '{type}', '{generation}']) expect(keyPath, sts.metadata.name).toContain(placeholder);
    }
  });

  it('mounts the node key Secret a StatefulSet names', () => {
    for (const sts of statefulSets().filter((s) => s.metadata.annotations?.[ANNOTATIONS.nodeKeySecret])) {
      const secretName = sts.metadata.annotations![ANNOTATIONS.nodeKeySecret];
      const spec = podSpec(sts)!;
      const volume = spec.volumes?.find((v) => v.secret?.secretName === secretName);
      expect(volume, `${sts.metadata.name} mounts ${secretName}`).toBeDefined();
      const node = spec.containers.find((c) => c.name === 'node')!;
      const mount = node.volumeMounts?.find((m) => m.name === volume!.name);
      expect(node.args).toContain(`--node-key-file=${mount!.mountPath}/$(POD_NAME)`);
    }
    // Bootnodes always have one.
    for (const sts of statefulSets().filter((s) => s.metadata.labels?.[ANNOTATIONS.role] === 'bootnode')) {
      expect(sts.metadata.annotations?.[ANNOTATIONS.nodeKeySecret]).toBeTruthy();
    }
  });

  it('has a per-node p2p Service for every replica of every group', () => {
    const services = ofKind(resources(), 'Service');
    for (const sts of statefulSets()) {
      for (let i = 0; i < (sts.spec.replicas as number); i++) {
        const pod = `${sts.metadata.name}-${i}`;
        const service = services.find((s) => s.spec?.selector?.['statefulset.kubernetes.io/pod-name'] === pod);
        expect(service?.metadata.name, `no p2p Service selects pod ${pod}`).toBe(`${pod}-p2p`);
        expect(service!.spec.ports.map((p: { port: number }) => p.port)).toContain(30333);
      }
    }
  });

  it('opens p2p, and RPC only to named peers (this namespace, the bot), never to everyone', () => {
    const policies = ofKind(resources(), 'NetworkPolicy');
    const rules = policies.flatMap((p) => (p.spec.ingress ?? []) as { from?: unknown[]; ports?: { port: number }[] }[]);
    expect(rules.some((r) => r.ports?.some((p) => p.port === 30333) && !r.from)).toBe(true);
    const rpcRules = rules.filter((r) => r.ports?.some((p) => p.port === 9944));
    expect(rpcRules.length).toBeGreaterThan(0);
    for (const rule of rpcRules) expect(rule.from?.length ?? 0).toBeGreaterThan(0);
    // Every node pod is selected by the policies.
    for (const sts of statefulSets()) {
      const labels = sts.spec.template.metadata.labels as Record<string, string>;
      const selectedBy = policies.filter((p) => Object.entries(p.spec.podSelector.matchLabels ?? {}).every(([k, v]) => labels[k] === v));
      expect(selectedBy.length, sts.metadata.name).toBeGreaterThan(0);
    }
  });

  it('scrapes the metrics port 9615 with a ServiceMonitor', () => {
    const [monitor] = ofKind(resources(), 'ServiceMonitor');
    expect(monitor?.apiVersion).toBe('monitoring.coreos.com/v1');
    const endpointPort = monitor!.spec.endpoints[0].port as string;
    const selector = monitor!.spec.selector.matchLabels as Record<string, string>;
    const scraped = ofKind(resources(), 'Service').filter((s) => Object.entries(selector).every(([k, v]) => s.metadata.labels?.[k] === v));
    expect(scraped.length).toBe(statefulSets().length);
    for (const service of scraped) {
      expect(service.spec.ports).toContainEqual(expect.objectContaining({ name: endpointPort, port: 9615 }));
    }
  });

  it('serves the RPC endpoint network.yaml gives the bot', () => {
    const url = new URL(networkYaml().chain.rpc as string);
    const [service, namespace] = url.hostname.split('.');
    expect(namespace).toBe(network);
    const found = named(resources(), 'Service', service!);
    expect(found.spec.ports.map((p: { port: number }) => p.port)).toContain(Number(url.port));
  });

  it('lets the bot read exactly the Secrets the network names', () => {
    const role = named(resources(), 'Role', 'substrate-gitops-bot-secrets');
    const granted = role.rules?.[0]?.resourceNames ?? [];
    const named_ = new Set<string>([networkYaml().operator.seedSecret.name as string]);
    for (const sts of statefulSets()) {
      const nodeKeys = sts.metadata.annotations?.[ANNOTATIONS.nodeKeySecret];
      if (nodeKeys) named_.add(nodeKeys);
    }
    for (const sts of keyedGroups()) named_.add(seedSecret(sts)!);
    expect([...granted].sort()).toEqual([...named_].sort());
  });
});

describe('networks/rococo-ten', () => {
  const resources = (): Resource[] => rendered('networks/rococo-ten');

  it('runs 10 validators with relay-chain session keys, pruning 1000 and BEEFY keys', () => {
    const validator = named(resources(), 'StatefulSet', 'validator');
    expect(validator.spec.replicas).toBe(10);
    expect(validator.metadata.labels?.[ANNOTATIONS.role]).toBe('validator');
    expect(templateAnnotations(validator)[ANNOTATIONS.keyTypes]).toBe('gran:ed25519,babe:sr25519,para:sr25519,asgn:sr25519,audi:sr25519,beef:ecdsa');
    const node = podSpec(validator)!.containers[0]!;
    expect(node.image).toBe('docker.io/parity/polkadot:v1.17.1');
    expect(node.args).toEqual(expect.arrayContaining(['--validator', '--state-pruning=1000', '--chain=$(CHAIN_SPEC)']));
    expect(node.resources?.limits).toEqual({ cpu: '4', memory: '16Gi' });
  });

  it('runs 2 bootnodes and 1 RPC node, and every node knows both bootnodes', () => {
    expect(named(resources(), 'StatefulSet', 'bootnode').spec.replicas).toBe(2);
    expect(named(resources(), 'StatefulSet', 'rpc').spec.replicas).toBe(1);
    for (const sts of ofKind(resources(), 'StatefulSet')) {
      const bootnodes = podSpec(sts)!.containers[0]!.args!.filter((a) => a.startsWith('--bootnodes='));
      expect(bootnodes.map((b) => b.split('/')[2])).toEqual(['bootnode-0-p2p.rococo-ten.svc.cluster.local', 'bootnode-1-p2p.rococo-ten.svc.cluster.local']);
    }
  });

  it('keeps chain data on a 100Gi claim per validator', () => {
    const [claim] = named(resources(), 'StatefulSet', 'validator').spec.volumeClaimTemplates;
    expect(claim.metadata.name).toBe('data');
    expect(claim.spec.resources.requests.storage).toBe('100Gi');
  });
});

describe('networks/rockmine', () => {
  const resources = (): Resource[] => rendered('networks/rockmine');

  it('runs 4 collators with aura keys on the polkadot-parachain image', () => {
    const collator = named(resources(), 'StatefulSet', 'collator');
    expect(collator.spec.replicas).toBe(4);
    expect(templateAnnotations(collator)[ANNOTATIONS.keyTypes]).toBe('aura:sr25519');
    for (const container of allContainers(podSpec(collator)!)) expect(container.image).toBe('docker.io/parity/polkadot-parachain:1.17.1');
  });

  it('runs the embedded relay client against bootnodes that rococo-ten actually serves', () => {
    const args = podSpec(named(resources(), 'StatefulSet', 'collator'))!.containers[0]!.args!;
    const split = args.indexOf('--');
    expect(split).toBeGreaterThan(0);
    expect(args.slice(0, split)).toContain('--collator');
    const relay = args.slice(split + 1);
    expect(relay).toContain('--chain=rococo-local');
    const relayBootnodes = relay.filter((a) => a.startsWith('--bootnodes=')).map((a) => a.split('/')[2]!);
    expect(relayBootnodes.length).toBeGreaterThan(0);
    const relayServices = ofKind(rendered('networks/rococo-ten'), 'Service').map((s) => `${s.metadata.name}.rococo-ten.svc.cluster.local`);
    for (const host of relayBootnodes) expect(relayServices).toContain(host);
  });

  it('names rococo-ten as its relay and reads its genesis from its own nodes', () => {
    const doc = parse(readFileSync(join(REPO_ROOT, 'networks', 'rockmine', 'network.yaml'), 'utf8'));
    expect(doc.chain).toMatchObject({ kind: 'parachain', paraId: 1000, relay: 'rococo-ten' });
    expect(networks).toContain(doc.chain.relay);
    expect(doc.operator.root).toBe('relay-xcm');
    expect(doc.registration.collators).toBe('invulnerable');
  });
});

describe('networks/dev', () => {
  it('is ephemeral, with the genesis validators Alice and Bob and one RPC node', () => {
    const doc = parse(readFileSync(join(REPO_ROOT, 'networks', 'dev', 'network.yaml'), 'utf8'));
    expect(doc.ephemeral).toBe(true);
    const resources = rendered('networks/dev');
    const validators = ofKind(resources, 'StatefulSet').filter((s) => s.metadata.labels?.[ANNOTATIONS.role] === 'validator');
    expect(validators.map((v) => [v.metadata.name, v.spec.replicas, templateAnnotations(v)[ANNOTATIONS.keyPath]])).toEqual([
      ['validator-alice', 1, '//Alice'],
      ['validator-bob', 1, '//Bob'],
    ]);
    expect(named(resources, 'StatefulSet', 'rpc').spec.replicas).toBe(1);
  });

  it('is the only network marked ephemeral', () => {
    const ephemeral = networks.filter((n) => parse(readFileSync(join(REPO_ROOT, 'networks', n, 'network.yaml'), 'utf8')).ephemeral === true);
    expect(ephemeral).toEqual(['dev']);
  });
});

describe.each(clusters)('clusters/%s', (cluster) => {
  const resources = (): Resource[] => rendered(`clusters/${cluster}`);

  it('generates one automated, pruning, self-healing Application per networks/* folder', () => {
    const appSet = named(resources(), 'ApplicationSet', 'substrate-networks');
    expect(appSet.spec.generators[0].git.directories).toEqual([{ path: 'networks/*' }]);
    const template = appSet.spec.template;
    expect(template.metadata.name).toBe('{{ .path.basename }}');
    expect(template.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: '{{ .path.basename }}' });
    expect(template.spec.project).toBe('substrate-networks');
    expect(template.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(template.spec.syncPolicy.syncOptions).toContain('CreateNamespace=true');
  });

  it('restricts the networks project to this repository and the in-cluster server, without Secrets', () => {
    const project = named(resources(), 'AppProject', 'substrate-networks');
    const appSet = named(resources(), 'ApplicationSet', 'substrate-networks');
    expect(project.spec.sourceRepos).toEqual([appSet.spec.generators[0].git.repoURL]);
    for (const destination of project.spec.destinations) expect(destination.server).toBe('https://kubernetes.default.svc');
    expect(project.spec.destinations).toContainEqual({ server: 'https://kubernetes.default.svc', namespace: '!argocd' });
    const kinds = (project.spec.namespaceResourceWhitelist as { kind: string }[]).map((k) => k.kind);
    expect(kinds).not.toContain('Secret');
    expect(kinds).not.toContain('*');
    // Every kind a network renders is allowed.
    for (const network of networks) {
      for (const resource of rendered(`networks/${network}`)) expect(kinds, `${network}: ${resource.kind}`).toContain(resource.kind);
    }
  });

  it('deploys the bot from apps/substrate-gitops-bot as its own Application', () => {
    const bot = named(resources(), 'Application', 'substrate-gitops-bot');
    expect(bot.spec.source.path).toBe('apps/substrate-gitops-bot');
    expect(existsSync(join(REPO_ROOT, bot.spec.source.path, 'kustomization.yaml'))).toBe(true);
    expect(bot.spec.destination.namespace).toBe('substrate-gitops');
  });

  it('writes the repository URL in one place and uses it everywhere', () => {
    const urls = new Set<string>();
    for (const resource of resources()) {
      JSON.stringify(resource, (key, value: unknown) => {
        if ((key === 'repoURL' || key === 'sourceRepos') && value !== undefined) [value].flat().forEach((v) => urls.add(String(v)));
        return value;
      });
    }
    expect([...urls]).toHaveLength(1);
    expect([...urls][0]).toMatch(/^https:\/\/github\.com\/[\w-]+\/[\w-]+\.git$/);
    const files = readdirSync(join(REPO_ROOT, 'clusters', cluster)).filter((f) => f.endsWith('.yaml'));
    const mentioning = files.filter((f) => readFileSync(join(REPO_ROOT, 'clusters', cluster, f), 'utf8').includes([...urls][0]!));
    expect(mentioning).toEqual(['repository.yaml']);
  });

  it('carries the StatefulSet health check in argocd-cm and no webhook secret', () => {
    const cm = named(resources(), 'ConfigMap', 'argocd-cm');
    expect(cm.metadata.namespace).toBe('argocd');
    expect(cm.metadata.labels?.['app.kubernetes.io/part-of']).toBe('argocd');
    expect(cm.data?.['resource.customizations.health.apps_StatefulSet']).toContain('currentRevision');
    expect(ofKind(resources(), 'Secret')).toEqual([]);
  });
});
