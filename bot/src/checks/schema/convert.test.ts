import { describe, expect, it } from 'vitest';
import { convertNode, crdSchemas, standaloneFromSwagger } from './convert.js';
import { splitValidationMessage, dottedPath } from './results.js';

describe('convertNode', () => {
  it('closes objects that list their properties, unless they keep unknown fields', () => {
    expect(convertNode({ type: 'object', properties: { a: { type: 'string' } } })).toMatchObject({ additionalProperties: false });
    expect(convertNode({ type: 'object', properties: { a: { type: 'string' } }, 'x-kubernetes-preserve-unknown-fields': true })).not.toHaveProperty('additionalProperties');
    expect(convertNode({ type: 'object', additionalProperties: { type: 'string' } })).toMatchObject({ additionalProperties: { type: ['string', 'null'] } });
    expect(convertNode({ type: 'object' })).not.toHaveProperty('additionalProperties');
  });

  it('accepts both forms of int-or-string', () => {
    const expected = { oneOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] };
    expect(convertNode({ type: 'string', format: 'int-or-string' })).toEqual(expected);
    expect(convertNode({ 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] })).toEqual(expected);
  });

  it('drops formats the API server does not enforce the JSON Schema way', () => {
    expect(convertNode({ type: 'string', format: 'byte' })).toEqual({ type: ['string', 'null'] });
  });
});

describe('standaloneFromSwagger', () => {
  it('inlines reached definitions once, even recursive ones, and nothing else', () => {
    const definitions = {
      Root: { type: 'object', properties: { props: { $ref: '#/definitions/Props' } } },
      Props: { type: 'object', properties: { items: { $ref: '#/definitions/Props' }, q: { $ref: '#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity' } } },
      'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: 'string' },
      Unused: { type: 'string' },
    };
    const schema = standaloneFromSwagger(definitions, 'Root') as { definitions: Record<string, unknown> };
    expect(Object.keys(schema.definitions)).toEqual(['io.k8s.apimachinery.pkg.api.resource.Quantity', 'Props']);
    expect(schema.definitions['io.k8s.apimachinery.pkg.api.resource.Quantity']).toEqual({ oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'null' }] });
  });

  it('fails loudly on a dangling reference', () => {
    expect(() => standaloneFromSwagger({ Root: { $ref: '#/definitions/Nope' } }, 'Root')).toThrow(/Nope/);
  });
});

describe('crdSchemas', () => {
  it('gives one schema per served version', () => {
    const crd = {
      kind: 'CustomResourceDefinition',
      spec: {
        group: 'example.com',
        names: { kind: 'Widget' },
        versions: [
          { name: 'v1', served: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object' } } } } },
          { name: 'v0', served: false, schema: { openAPIV3Schema: { type: 'object' } } },
        ],
      },
    };
    expect(crdSchemas(crd).map((s) => s.gvk)).toEqual([{ group: 'example.com', version: 'v1', kind: 'Widget' }]);
  });
});

describe('kubeconform messages', () => {
  it('split into one problem per leaf, without the generic wrapper and the null noise', () => {
    const msg = "problem validating schema. Check JSON formatting: jsonschema validation failed with 'file:///x.json#' - at '/spec': validation failed   - at '/spec/replicas': got string, want null or integer   - at '/spec': additional properties 'bogus' not allowed";
    expect(splitValidationMessage(msg)).toEqual([
      { path: '/spec/replicas', problem: 'got string, want integer' },
      { path: '/spec', problem: "additional properties 'bogus' not allowed" },
    ]);
    expect(dottedPath('/spec/template/spec/containers/0/image')).toBe('spec.template.spec.containers[0].image');
  });
});
