import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RenderedResource } from '../../render/types.js';
import { checkSchema } from './check.js';
import { ensureSchemas } from './generate.js';
import { groupVersionKind, schemaFileFor } from './layout.js';

function resource(object: Record<string, unknown>, origin: { file: string; line?: number }, network?: string): RenderedResource {
  const metadata = object.metadata as { name: string; namespace?: string };
  return {
    apiVersion: String(object.apiVersion),
    kind: String(object.kind),
    name: metadata.name,
    ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
    source: network ? `networks/${network}` : 'clusters/dev',
    ...(network ? { network } : {}),
    origin,
    object,
  };
}

const statefulSet = (name: string, extra: Record<string, unknown> = {}, container: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  // `n` is a namespace a YAML 1.1 reader would turn into false.
  metadata: { name, namespace: 'n', labels: { 'substrate-gitops.io/role': 'validator' } },
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
            args: ['--validator'],
            ports: [{ containerPort: 9944, name: 'rpc' }],
            resources: { requests: { cpu: 1, memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } },
            readinessProbe: { tcpSocket: { port: 'rpc' } },
            ...container,
          },
        ],
      },
    },
    ...extra,
  },
});

const application = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'rococo-ten', namespace: 'argocd' },
  spec: {
    project: 'networks',
    source: { repoURL: 'https://example.invalid/repo.git', path: 'networks/rococo-ten', targetRevision: 'main' },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'rococo-ten' },
    syncPolicy: { automated: { prune: true, selfHeal: true } },
  },
};

const serviceMonitor = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'ServiceMonitor',
  metadata: { name: 'validators', namespace: 'rococo-ten' },
  spec: { selector: { matchLabels: { app: 'val' } }, endpoints: [{ port: 'metrics', interval: '30s' }] },
};

describe('generated schemas', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await ensureSchemas();
  }, 900_000);

  it('are strict where the API lists its fields', async () => {
    const file = join(dir, schemaFileFor(groupVersionKind('apps/v1', 'StatefulSet')));
    const schema = JSON.parse(await readFile(file, 'utf8')) as { additionalProperties?: unknown; properties: Record<string, unknown> };
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata', 'spec', 'status']));
  });

  it('accept a valid StatefulSet, Application and ServiceMonitor', async () => {
    const findings = await checkSchema([
      resource(statefulSet('val'), { file: 'networks/a/validators.yaml', line: 1 }, 'a'),
      resource(application, { file: 'clusters/dev/apps.yaml', line: 3 }),
      resource(serviceMonitor, { file: 'networks/a/monitor.yaml', line: 1 }, 'a'),
    ]);
    expect(findings).toEqual([]);
  });

  it('reject an unknown field under strict and point at the origin file, line and network', async () => {
    const findings = await checkSchema([
      resource(statefulSet('good'), { file: 'networks/a/good.yaml', line: 1 }, 'a'),
      resource(statefulSet('bad', { bogus: 1 }, { imagee: 'x' }), { file: 'networks/b/validators.yaml', line: 12 }, 'b'),
      resource({ ...serviceMonitor, spec: { ...serviceMonitor.spec, endpointz: [] } }, { file: 'networks/b/monitor.yaml', line: 4 }, 'b'),
    ]);
    const messages = findings.map((f) => `${f.file}:${f.line} ${f.network} ${f.rule} ${f.message}`);
    expect(messages).toHaveLength(3);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^networks\/b\/validators.yaml:12 b schema\/invalid StatefulSet\/bad: spec: .*'bogus' not allowed/),
        expect.stringMatching(/^networks\/b\/validators.yaml:12 b schema\/invalid StatefulSet\/bad: spec.template.spec.containers\[0\]: .*'imagee' not allowed/),
        expect.stringMatching(/^networks\/b\/monitor.yaml:4 b schema\/invalid ServiceMonitor\/validators: spec: .*'endpointz' not allowed/),
      ]),
    );
    expect(findings.every((f) => f.check === 'schema' && f.severity === 'error')).toBe(true);
  });

  it('reports wrong types and tells same-named resources of one folder apart', async () => {
    const a = statefulSet('same');
    const b = { ...statefulSet('same', { replicas: 'three' }), metadata: { name: 'same', namespace: 'other' } };
    const findings = await checkSchema([
      resource(a, { file: 'networks/c/a.yaml', line: 1 }, 'c'),
      resource(b, { file: 'networks/c/b.yaml', line: 7 }, 'c'),
    ]);
    expect(findings.map((f) => [f.file, f.line, f.rule])).toEqual([['networks/c/b.yaml', 7, 'schema/invalid']]);
    expect(findings[0]?.message).toMatch(/StatefulSet\/same: spec.replicas: got string, want integer/);
  });

  it('reports a kind without a schema instead of skipping it', async () => {
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    const findings = await checkSchema([resource(widget, { file: 'networks/d/widget.yaml', line: 2 }, 'd')]);
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'schema/no-schema', file: 'networks/d/widget.yaml', line: 2, network: 'd', message: expect.stringMatching(/^Widget\/w: no schema for Widget/) }),
    ]);
  });
});
