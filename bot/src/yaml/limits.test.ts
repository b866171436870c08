import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { emitFlowYaml } from './emit.js';
import { expandedNodeCount, scanYamlTokens } from './limits.js';
import { parseYaml, vetYaml } from './parse.js';

describe('scanYamlTokens: a bound on nodes before anything is parsed', () => {
  it('counts at least as many tokens as the parser makes nodes', () => {
    for (const text of ['a: b\nc: [1, 2, {d: e}]\n', '- - - x\n- ? k\n  : v\n', 'k: "a, b [c]"\n', '{a: [[], {}], b: null}\n']) {
      let nodes = 0;
      const doc = parseDocument(text);
      expect(doc.errors).toEqual([]);
      nodes = expandedNodeCount(doc).nodes;
      expect(scanYamlTokens(text).tokens, text).toBeGreaterThanOrEqual(nodes - 1);
    }
  });

  it('stops at the limit and says on which line', () => {
    const text = `a: 1\nb: [${Array.from({ length: 5_000 }, () => '1').join(',')}]\n`;
    expect(scanYamlTokens(text, 1_000)).toMatchObject({ over: { limit: 'nodes', line: 2 } });
    expect(scanYamlTokens(`x:\n  ${'['.repeat(101)}${']'.repeat(101)}\n`)).toMatchObject({ over: { limit: 'depth', line: 2 } });
  });
});

describe('expandedNodeCount: what alias expansion would build', () => {
  it('counts an alias as the nodes it points at and stops past the limit at the alias', () => {
    const doc = parseDocument('a: &a [1, 2, 3]\nb: [*a, *a]\nc: *a\n');
    // root + (key + [1,2,3]) + (key + list + two copies) + (key + one copy)
    expect(expandedNodeCount(doc).nodes).toBe(1 + (1 + 4) + (1 + 1 + 2 * 4) + (1 + 4));
    const text = ['a: &a [x,x,x,x,x,x,x,x,x]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]', ''].join('\n');
    const counted = expandedNodeCount(parseDocument(text), 500);
    // a: 11 nodes, b: 2 + 9 × 10 = 92; the first *b of c (91 nodes each) passes 500 on line 3.
    expect(counted.overAtOffset).toBeDefined();
    expect(text.slice(0, counted.overAtOffset).split('\n').length).toBe(3);
  });
});

describe('vetYaml: files kustomize will parse', () => {
  it('counts objects: documents, and the items of a List', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\n';
    expect(vetYaml(text)).toMatchObject({ problems: [], objects: 3 });
  });

  it('reports duplicate keys at the second key, merge keys applied as kustomize does', () => {
    expect(vetYaml('a: 1\nb: 2\na: 3\n').problems[0]).toMatchObject({ line: 3 });
    expect(vetYaml('base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n').problems).toEqual([]);
  });
});

describe('parseYaml: every caller gets the bound', () => {
  it('refuses a million list items before parsing them', () => {
    const parsed = parseYaml(`name: x\nitems: [${Array.from({ length: 1_000_000 }, () => '1').join(',')}]\n`);
    expect(parsed.docs).toEqual([]);
    expect(parsed.problems[0]).toMatchObject({ line: 2, limit: 'too-many-nodes' });
  });
});

describe('emitFlowYaml', () => {
  it('writes pure ASCII, every string quoted', () => {
    expect(emitFlowYaml({ a: ['yes', 1, true, null], 'ü': '😀"\\\n' })).toBe('{"a": ["yes", 1, true, null], "\\u00fc": "\\U0001f600\\"\\\\\\n"}');
  });
});
