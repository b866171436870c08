import { describe, expect, it } from 'vitest';
import type { RenderedResource } from '../render/types.js';
import { diffFields, diffRenders } from './diffRenders.js';

function res(kind: string, name: string, object: Record<string, unknown>): RenderedResource {
  return { apiVersion: 'v1', kind, name, namespace: 'n', source: 'networks/n', network: 'n', origin: { file: 'f.yaml' }, object: { kind, metadata: { name }, ...object } };
}

describe('diffFields', () => {
  it('matches containers by name, so an image bump is one leaf change', () => {
    const before = { spec: { containers: [{ name: 'init', image: 'a:1' }, { name: 'node', image: 'p:1' }] } };
    const after = { spec: { containers: [{ name: 'node', image: 'p:2' }, { name: 'init', image: 'a:1' }] } };
    expect(diffFields(before, after)).toEqual([{ path: 'spec.containers[name=node].image', before: 'p:1', after: 'p:2' }]);
  });
  it('reports added and removed keys', () => {
    expect(diffFields({ a: 1 }, { b: 2 })).toEqual([
      { path: 'a', before: 1 },
      { path: 'b', after: 2 },
    ]);
  });
});

describe('diffRenders', () => {
  it('classifies added, removed and modified resources and leaves equal ones out', () => {
    const base = [res('ConfigMap', 'same', { data: { a: '1' } }), res('ConfigMap', 'gone', {}), res('Service', 'svc', { spec: { port: 1 } })];
    const head = [res('ConfigMap', 'same', { data: { a: '1' } }), res('ConfigMap', 'new', {}), res('Service', 'svc', { spec: { port: 2 } })];
    const changes = diffRenders(base, head);
    expect(changes.map((c) => `${c.change} ${c.kind}/${c.name}`)).toEqual(['removed ConfigMap/gone', 'added ConfigMap/new', 'modified Service/svc']);
    const svc = changes.find((c) => c.name === 'svc')!;
    expect(svc.fields).toEqual([{ path: 'spec.port', before: 1, after: 2 }]);
    expect(svc.unified).toContain('-  port: 1');
    expect(svc.unified).toContain('+  port: 2');
  });

  it('never carries Secret values, neither in fields nor in the unified diff', () => {
    const secretValue = Buffer.from('very-secret-seed-material').toString('base64');
    const changes = diffRenders([res('Secret', 's', { data: { seed: 'b2xk' } })], [res('Secret', 's', { data: { seed: secretValue } })]);
    expect(changes).toHaveLength(1);
    expect(JSON.stringify(changes)).not.toContain(secretValue);
    expect(JSON.stringify(changes)).not.toContain('b2xk');
    expect(changes[0]!.fields).toEqual([{ path: 'data.seed' }]);
  });
});
