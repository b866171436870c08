import { describe, expect, it } from 'vitest';
import { ANNOTATIONS, DEFAULT_KEY_PATH } from './annotations.js';
import { readPodKeyIntent } from './keyIntent.js';
import { modelNetwork } from './network.js';
import type { NetworkSpec } from './networkFile.js';

// The pods' keys are what the insert-keys init container inserts: the model reads exactly that.

type Env = Record<string, unknown>;

const annotationRef = (key: string): Env => ({ valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${key}']` } } });

function statefulSet(options: { template?: Record<string, string>; metadata?: Record<string, string>; env?: Record<string, Env>; envFrom?: unknown[]; init?: boolean } = {}): Record<string, unknown> {
  const env: Record<string, Env> = {
    SEED: { valueFrom: { secretKeyRef: { name: 'validator-keys-5fgt7', key: 'seed' } } },
    POD_NAME: { valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    KEY_TYPES: annotationRef(ANNOTATIONS.keyTypes),
    KEY_PATH: annotationRef(ANNOTATIONS.keyPath),
    KEY_GENERATION: annotationRef(ANNOTATIONS.keyGeneration),
    ...options.env,
  };
  const init = { name: 'insert-keys', image: 'x:1', env: Object.entries(env).map(([name, v]) => ({ name, ...v })), ...(options.envFrom ? { envFrom: options.envFrom } : {}) };
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'validator', labels: { [ANNOTATIONS.role]: 'validator' }, annotations: { [ANNOTATIONS.role]: 'validator', ...options.metadata } },
    spec: {
      replicas: 3,
      template: {
        metadata: { annotations: { [ANNOTATIONS.keyTypes]: 'gran:ed25519,babe:sr25519', [ANNOTATIONS.keyGeneration]: '4', ...options.template } },
        spec: { ...(options.init === false ? {} : { initContainers: [init] }), containers: [{ name: 'node', image: 'x:1' }] },
      },
    },
  };
}

const spec: NetworkSpec = {
  apiVersion: 'substrate-gitops.io/v1alpha1',
  kind: 'Network',
  name: 'net',
  chain: { name: 'local', kind: 'relay', rpc: 'ws://x:9944' },
  operator: { seedSecret: { name: 'sudo' } },
  registration: { validators: 'register' },
};

function model(object: Record<string, unknown>) {
  return modelNetwork(spec, [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'validator', source: 'networks/net', network: 'net', origin: { file: 'apps/node/sts.yaml', line: 1 }, object }]);
}

describe('readPodKeyIntent', () => {
  it('reads the values the init container gets: pod template annotations, the rendered SEED secretKeyRef, the script defaults', () => {
    const { intent, problems } = readPodKeyIntent(statefulSet());
    expect(problems).toEqual([]);
    expect(intent).toMatchObject({ secret: 'validator-keys-5fgt7', secretKey: 'seed', keyTypes: 'gran:ed25519,babe:sr25519', generation: '4', keyPath: DEFAULT_KEY_PATH, accountPath: '//{pod}' });
    expect(intent?.settings.generation).toEqual({ annotation: ANNOTATIONS.keyGeneration, value: '4', scope: 'template' });
  });

  it('follows a literal env value over the annotation, and holds the annotation to it', () => {
    const { intent, problems } = readPodKeyIntent(statefulSet({ env: { KEY_GENERATION: { value: '7' } } }));
    expect(intent?.generation).toBe('7');
    expect(problems.map((p) => p.at)).toEqual([{ annotation: ANNOTATIONS.keyGeneration, value: '4', scope: 'template' }]);
  });

  it('follows the annotation an env var actually points at', () => {
    const { intent } = readPodKeyIntent(statefulSet({ env: { KEY_GENERATION: annotationRef('example.org/gen') }, template: { 'example.org/gen': '9', [ANNOTATIONS.keyGeneration]: '9' } }));
    expect(intent?.generation).toBe('9');
  });

  it('cannot tell what envFrom or a ConfigMap gives, and says so instead of guessing', () => {
    const fromMap = readPodKeyIntent(statefulSet({ env: { KEY_PATH: { valueFrom: { configMapKeyRef: { name: 'k', key: 'p' } } } } }));
    expect(fromMap.intent).toBeUndefined();
    expect(fromMap.problems[0]?.message).toContain('KEY_PATH');
    const withEnvFrom = statefulSet({ envFrom: [{ configMapRef: { name: 'k' } }] });
    const spec = (withEnvFrom.spec as { template: { spec: { initContainers: { env: { name: string }[] }[] } } }).template.spec;
    spec.initContainers[0]!.env = spec.initContainers[0]!.env.filter((e) => e.name !== 'KEY_PATH');
    expect(readPodKeyIntent(withEnvFrom).problems[0]?.message).toContain('envFrom');
  });

  it('needs the insert-keys init container, a SEED from a Secret and POD_NAME from the pod name', () => {
    expect(readPodKeyIntent(statefulSet({ init: false })).problems[0]?.message).toContain('no insert-keys init container');
    expect(readPodKeyIntent(statefulSet({ env: { SEED: { value: 'x' } } })).problems.map((p) => p.message).join()).toContain('SEED');
    expect(readPodKeyIntent(statefulSet({ env: { POD_NAME: { value: 'validator-0' } } })).problems.map((p) => p.message).join()).toContain('POD_NAME');
  });
});

describe('modelNetwork key intent', () => {
  it('keys a group with what its pods insert, ignoring nothing silently', () => {
    const { model: m, findings } = model(statefulSet());
    expect(findings).toEqual([]);
    expect(m.groups[0]?.keys).toMatchObject({ secret: 'validator-keys-5fgt7', generation: 4, keyTypes: [{ type: 'gran', scheme: 'ed25519' }, { type: 'babe', scheme: 'sr25519' }] });
  });

  it('a StatefulSet-metadata copy that differs is an error about that copy, and the keys stay the pods\' ones', () => {
    const { model: m, findings } = model(statefulSet({ metadata: { [ANNOTATIONS.keyGeneration]: '5' } }));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.at).toEqual({ annotation: ANNOTATIONS.keyGeneration, value: '5', scope: 'metadata' });
    expect(findings[0]?.finding).toMatchObject({ severity: 'error', rule: 'network/key-intent', network: 'net' });
    expect(m.groups[0]?.keys?.generation).toBe(4);
  });

  it('an equal copy is fine', () => {
    expect(model(statefulSet({ metadata: { [ANNOTATIONS.keyGeneration]: '4', [ANNOTATIONS.keysSecret]: 'validator-keys-5fgt7', [ANNOTATIONS.keysSecretKey]: 'seed' } })).findings).toEqual([]);
  });

  it('a keys-secret annotation naming another Secret than the mounted one is an error naming both', () => {
    const { findings } = model(statefulSet({ template: { [ANNOTATIONS.keysSecret]: 'validator-keys' } }));
    expect(findings.map((f) => f.at?.scope)).toEqual(['template']);
    expect(findings[0]?.finding.message).toContain('"validator-keys"');
    expect(findings[0]?.finding.message).toContain('"validator-keys-5fgt7"');
  });

  it('rejects generations the script and the bot would spell differently, and key types with spaces', () => {
    expect(model(statefulSet({ template: { [ANNOTATIONS.keyGeneration]: '02' } })).model.groups[0]?.keys).toBeUndefined();
    const spaced = model(statefulSet({ template: { [ANNOTATIONS.keyTypes]: 'gran:ed25519, babe:sr25519' } }));
    expect(spaced.model.groups[0]?.keys).toBeUndefined();
    expect(spaced.findings[0]?.at?.scope).toBe('template');
  });
});
