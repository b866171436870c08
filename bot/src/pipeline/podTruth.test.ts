import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineOf, shippedRepository, type ShippedRepository } from '../../test/shippedRepository.js';
import type { Finding } from '../findings.js';
import type { OnChainStep } from '../plan/types.js';
import { checkRepository } from './checkRepository.js';

// A green check must mean the merge is safe: the plan comes from what the pods will do, and a
// finding lands on the line the pull request changed. Real kustomize, kubeconform and conftest
// on a real git repository holding the shipped apps/ and networks/rococo-ten.

const NETWORK = 'networks/rococo-ten/kustomization.yaml';
const VALIDATORS = 'networks/rococo-ten/validator/kustomization.yaml';
const P2P = 'networks/rococo-ten/p2p-services.yaml';
const GENERATION = 'substrate-gitops.io~1key-generation';

let repo: ShippedRepository;
beforeAll(async () => {
  repo = await shippedRepository(['rococo-ten']);
}, 60_000);
afterAll(async () => repo?.dispose());

/** The validator group's kustomization with an inline JSON 6902 patch of the StatefulSet. */
async function validatorsPatched(ops: string[]): Promise<string> {
  const base = await repo.read(VALIDATORS);
  return `${base}patches:\n  - target:\n      kind: StatefulSet\n    patch: |-\n${ops.map((l) => `      ${l}`).join('\n')}\n`;
}

function p2pService(pod: string): string {
  return [
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: ${pod}-p2p`,
    '  labels:',
    '    app.kubernetes.io/name: substrate-node',
    '    app.kubernetes.io/component: p2p',
    '    app.kubernetes.io/instance: validator',
    'spec:',
    '  type: ClusterIP',
    '  publishNotReadyAddresses: true',
    '  selector:',
    `    statefulset.kubernetes.io/pod-name: ${pod}`,
    '  ports:',
    '    - name: p2p',
    '      port: 30333',
    '      targetPort: 30333',
    '',
  ].join('\n');
}

/** An eleventh validator (with its p2p Service): a plan step whose KeySource can be read. */
async function eleventhValidator(kustomization?: string): Promise<Record<string, string>> {
  return {
    [VALIDATORS]: (kustomization ?? (await repo.read(VALIDATORS))).replace('count: 10', 'count: 11'),
    [P2P]: `${await repo.read(P2P)}${p2pService('validator-10')}`,
  };
}

const rotations = (steps: OnChainStep[] | undefined) => (steps ?? []).filter((s) => s.kind === 'set-session-keys' && s.reason === 'rotation');
const keyIntentErrors = (findings: Finding[]) => findings.filter((f) => f.rule === 'network/key-intent' && f.severity === 'error');

describe('half-done key rotation', () => {
  it('bumping key-generation on the StatefulSet metadata but not on the pod template fails at that line and plans no rotation', async () => {
    const text = await validatorsPatched(['- op: add', `  path: /metadata/annotations/${GENERATION}`, '  value: "2"']);
    await repo.withChange({ [VALIDATORS]: text }, async () => {
      const result = await checkRepository({ cwd: repo.dir, base: 'main' });
      expect(result.ok).toBe(false);
      const errors = keyIntentErrors(result.findings);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ file: VALIDATORS, line: lineOf(text, 'value: "2"'), network: 'rococo-ten' });
      expect(errors[0]!.message).toContain('"2"');
      expect(errors[0]!.message).toContain('"1"');
      expect(rotations(result.plan?.[0]?.steps)).toEqual([]);
    });
  });

  it('bumping key-generation on the pod template (what the init container reads) plans the rotation of every validator', async () => {
    const text = await validatorsPatched(['- op: add', `  path: /spec/template/metadata/annotations/${GENERATION}`, '  value: "2"']);
    await repo.withChange({ [VALIDATORS]: text }, async () => {
      const result = await checkRepository({ cwd: repo.dir, base: 'main' });
      expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
      const steps = rotations(result.plan?.[0]?.steps);
      expect(steps.map((s) => (s.kind === 'set-session-keys' ? `${s.node.pod} ${s.fromGeneration}→${s.toGeneration}` : ''))).toEqual(
        Array.from({ length: 10 }, (_, i) => `validator-${i} 1→2`),
      );
    });
  });

  it('a copy on the StatefulSet metadata left behind by a template bump is an error at the copy, and the plan follows the pods', async () => {
    const text = await validatorsPatched([
      '- op: add',
      `  path: /metadata/annotations/${GENERATION}`,
      '  value: "1"',
      '- op: add',
      `  path: /spec/template/metadata/annotations/${GENERATION}`,
      '  value: "3"',
    ]);
    await repo.withChange({ [VALIDATORS]: text }, async () => {
      const result = await checkRepository({ cwd: repo.dir, base: 'main' });
      expect(result.ok).toBe(false);
      const errors = keyIntentErrors(result.findings);
      expect(errors.map((f) => `${f.file}:${f.line}`)).toEqual([`${VALIDATORS}:${lineOf(text, 'value: "1"')}`]);
      expect(rotations(result.plan?.[0]?.steps).map((s) => (s.kind === 'set-session-keys' ? s.toGeneration : 0))).toEqual(Array(10).fill(3));
    });
  });
});

describe('renamed seed Secrets', () => {
  it('a secretGenerator with a hash suffix: the plan names the Secret the pods mount', async () => {
    const network = `${await repo.read(NETWORK)}secretGenerator:\n  - name: validator-keys\n    literals:\n      - seed=not-a-real-seed\n`;
    await repo.withChange({ [NETWORK]: network, ...(await eleventhValidator()) }, async () => {
      const result = await checkRepository({ cwd: repo.dir, base: 'main' });
      expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
      const join = result.plan?.[0]?.steps.find((s) => s.kind === 'set-session-keys' && s.node.pod === 'validator-10');
      expect(join && 'node' in join ? join.node.keys.secret : undefined).toMatch(/^validator-keys-[a-z0-9]{8,}$/);
    });
  });

  it('a namePrefix on the Secret: the plan names the prefixed Secret the pods mount', async () => {
    const seeds = 'namePrefix: east-\nsecretGenerator:\n  - name: validator-keys\n    literals:\n      - seed=not-a-real-seed\n    options:\n      disableNameSuffixHash: true\n';
    const network = (await repo.read(NETWORK)).replace('  - rpc\n', '  - rpc\n  - seeds\n');
    await repo.withChange({ 'networks/rococo-ten/seeds/kustomization.yaml': seeds, [NETWORK]: network, ...(await eleventhValidator()) }, async () => {
      const result = await checkRepository({ cwd: repo.dir, base: 'main' });
      expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
      const join = result.plan?.[0]?.steps.find((s) => s.kind === 'set-session-keys' && s.node.pod === 'validator-10');
      expect(join && 'node' in join ? join.node.keys : undefined).toMatchObject({ secret: 'east-validator-keys', secretKey: 'seed' });
    });
  });

  it('a keys-secret annotation still naming the old Secret fails, at the annotation, saying which Secret the pods mount', async () => {
    const seeds = 'namePrefix: east-\nsecretGenerator:\n  - name: validator-keys\n    literals:\n      - seed=not-a-real-seed\n    options:\n      disableNameSuffixHash: true\n';
    const network = (await repo.read(NETWORK)).replace('  - rpc\n', '  - rpc\n  - seeds\n');
    const validators = await validatorsPatched(['- op: add', '  path: /metadata/annotations/substrate-gitops.io~1keys-secret', '  value: validator-keys']);
    await repo.withChange({ 'networks/rococo-ten/seeds/kustomization.yaml': seeds, [NETWORK]: network, [VALIDATORS]: validators }, async () => {
      const result = await checkRepository({ cwd: repo.dir, base: 'main' });
      expect(result.ok).toBe(false);
      const errors = keyIntentErrors(result.findings);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ file: VALIDATORS, line: lineOf(validators, 'value: validator-keys') });
      expect(errors[0]!.message).toContain('"validator-keys"');
      expect(errors[0]!.message).toContain('"east-validator-keys"');
    });
  });
});

describe('findings land on the line that sets the value', () => {
  it('an image tag set by a kustomization `images:` entry is reported at its newTag line', async () => {
    const network = `${await repo.read(NETWORK)}images:\n  - name: docker.io/parity/polkadot\n    newTag: latest\n`;
    await repo.withChange({ [NETWORK]: network }, async () => {
      const result = await checkRepository({ cwd: repo.dir, base: 'main' });
      const images = result.findings.filter((f) => f.rule === 'SG-IMG-001');
      expect(images.length).toBeGreaterThan(0);
      expect(new Set(images.map((f) => `${f.file}:${f.line}`))).toEqual(new Set([`${NETWORK}:${lineOf(network, 'newTag: latest')}`]));
    });
  });

  it('an image name set by `images:` newName outside the allowed registries is reported at its newName line', async () => {
    const network = `${await repo.read(NETWORK)}images:\n  - name: docker.io/parity/polkadot\n    newName: ghcr.io/someone/polkadot\n    newTag: v1.17.1\n`;
    await repo.withChange({ [NETWORK]: network }, async () => {
      const result = await checkRepository({ cwd: repo.dir, base: 'main' });
      const registry = result.findings.filter((f) => f.rule === 'SG-IMG-002');
      expect(registry.length).toBeGreaterThan(0);
      expect(new Set(registry.map((f) => `${f.file}:${f.line}`))).toEqual(new Set([`${NETWORK}:${lineOf(network, 'newName: ghcr.io/someone/polkadot')}`]));
    });
  });

  it('replicas set by a kustomization `replicas:` entry are reported at its count line', async () => {
    const validators = (await repo.read(VALIDATORS)).replace('count: 10', 'count: 25');
    await repo.withChange({ [VALIDATORS]: validators }, async () => {
      const result = await checkRepository({ cwd: repo.dir, base: 'main' });
      const replicas = result.findings.filter((f) => f.rule === 'SG-BND-001' || f.rule === 'SG-P2P-001');
      expect(replicas.map((f) => f.rule).sort()).toEqual(['SG-BND-001', 'SG-P2P-001']);
      for (const f of replicas) expect(`${f.file}:${f.line}`).toBe(`${VALIDATORS}:${lineOf(validators, 'count: 25')}`);
    });
  });
});

describe('identical findings', () => {
  let two: ShippedRepository;
  beforeAll(async () => {
    two = await shippedRepository(['rococo-ten'], { 'rococo-two': 'rococo-ten' });
  }, 60_000);
  afterAll(async () => two?.dispose());

  it('are reported once, still failing every network they belong to', async () => {
    const base = 'apps/substrate-node/base/statefulset.yaml';
    const text = (await two.read(base)).replace('image: docker.io/parity/polkadot:v1.17.1', 'image: docker.io/parity/polkadot:latest');
    await two.withChange({ [base]: text }, async () => {
      const result = await checkRepository({ cwd: two.dir, base: 'main' });
      const bootnode = result.findings.filter((f) => f.rule === 'SG-IMG-001' && f.message.includes('StatefulSet/bootnode'));
      expect(bootnode).toHaveLength(1);
      expect(bootnode[0]).toMatchObject({ file: base, line: lineOf(text, 'image: docker.io/parity/polkadot:latest'), networks: ['rococo-ten', 'rococo-two'] });
      const keys = result.findings.map((f) => JSON.stringify([f.check, f.rule, f.file, f.line, f.message]));
      expect(new Set(keys).size).toBe(keys.length);
    });
  });
});
