import { afterEach, describe, expect, it } from 'vitest';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { networkFolder, nodeGroupBase } from '../../test/networkFixture.js';
import { writeTree } from '../../test/tree.js';
import { runChecks } from '../pipeline/runChecks.js';
import { renderFolders } from '../render/renderFolders.js';
import { walkKustomizeGraph } from './kustomizeGraph.js';

// Section 3 of the hardening: what a pull request puts in a file kustomize will read costs a
// bounded amount. Each input once reached kustomize (which ran until its timeout, used
// gigabytes, or blamed kustomization.yaml); each must now be an input finding at the file that
// holds it, before kustomize runs. Timeouts here only keep a regression from hanging the suite.

const trees: { dispose: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(trees.splice(0).map((t) => t.dispose()));
});

async function tree(files: Record<string, string | Buffer>) {
  const t = await writeTree(files);
  trees.push(t);
  return t.dir;
}

const network = (kustomization: string, extra: Record<string, string | Buffer> = {}) => ({
  ...nodeGroupBase(),
  'networks/x/network.yaml': networkFolder('x')['networks/x/network.yaml']!,
  'networks/x/kustomization.yaml': kustomization,
  ...extra,
});

const ALIAS_BOMB = [
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: bomb',
  'data:',
  '  a: &a ["x","x","x","x","x","x","x","x","x"]',
  '  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  '  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  '  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  '  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  '  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  '  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  '  h: [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
  '',
].join('\n');

describe('hostile resource files become findings at their own file and line', () => {
  it('an alias bomb in a resource file', { timeout: 30_000 }, async () => {
    const dir = await tree(network('resources:\n- ../../apps/node\n- bomb.yaml\n', { 'networks/x/bomb.yaml': ALIAS_BOMB }));
    const graph = await walkKustomizeGraph(dir, 'networks/x', 'x');
    expect(graph.renderable).toBe(false);
    const f = graph.findings.find((x) => x.file === 'networks/x/bomb.yaml');
    expect(f, JSON.stringify(graph.findings)).toMatchObject({ check: 'input', severity: 'error' });
    // The first alias whose expansion passes the limit: the nodes it expands to are counted.
    expect(f!.line).toBeGreaterThanOrEqual(7);
    expect(f!.line).toBeLessThanOrEqual(13);
  });

  it('an alias bomb in an inline patch', { timeout: 30_000 }, async () => {
    const inline = ALIAS_BOMB.split('\n').map((l) => `    ${l}`).join('\n');
    const dir = await tree(network(`resources:\n- ../../apps/node\npatches:\n- patch: |-\n${inline}\n`));
    const graph = await walkKustomizeGraph(dir, 'networks/x', 'x');
    expect(graph.renderable).toBe(false);
    expect(graph.findings.find((x) => x.file === 'networks/x/kustomization.yaml' && x.line !== undefined && x.line >= 4)).toBeDefined();
  });

  it('duplicate keys in a resource file, at the line of the second key', { timeout: 30_000 }, async () => {
    const dir = await tree(
      network('resources:\n- ../../apps/node\n- dup.yaml\n', { 'networks/x/dup.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\ndata:\n  a: "1"\n  a: "2"\n' }),
    );
    const result = await runChecks({ headDir: dir });
    const f = result.findings.find((x) => x.file === 'networks/x/dup.yaml');
    expect(f, JSON.stringify(result.findings)).toMatchObject({ check: 'input', severity: 'error', line: 7 });
    expect(result.findings.filter((x) => x.check === 'render')).toEqual([]);
    expect(result.ok).toBe(false);
  });

  it('a 20 MiB line in a resource file', { timeout: 30_000 }, async () => {
    const huge = Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  a: "'), Buffer.alloc(20 * 1024 * 1024, 'x'), Buffer.from('"\n')]);
    const dir = await tree(network('resources:\n- ../../apps/node\n- big.yaml\n', { 'networks/x/big.yaml': huge }));
    const graph = await walkKustomizeGraph(dir, 'networks/x', 'x');
    expect(graph.renderable).toBe(false);
    expect(graph.findings.find((x) => x.file === 'networks/x/big.yaml')).toMatchObject({ check: 'input', rule: 'input/too-large' });
  });

  it('a 2 MB resource file with a million list items', { timeout: 30_000 }, async () => {
    const items = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: many\ndata:\n  l: [${Array.from({ length: 999_000 }, () => '1').join(',')}]\n`;
    expect(items.length).toBeLessThan(2_000_000);
    const dir = await tree(network('resources:\n- ../../apps/node\n- many.yaml\n', { 'networks/x/many.yaml': items }));
    const graph = await walkKustomizeGraph(dir, 'networks/x', 'x');
    expect(graph.renderable).toBe(false);
    const f = graph.findings.find((x) => x.file === 'networks/x/many.yaml');
    expect(f, JSON.stringify(graph.findings)).toMatchObject({ check: 'input', rule: 'input/too-many-nodes', line: 6 });
  });

  it('a 2 MB kustomization with a million list items is refused before it is parsed', { timeout: 30_000 }, async () => {
    const dir = await tree(network(`resources: [${Array.from({ length: 999_000 }, () => 'a').join(',')}]\n`));
    const graph = await walkKustomizeGraph(dir, 'networks/x', 'x');
    expect(graph.renderable).toBe(false);
    expect(graph.findings.find((x) => x.file === 'networks/x/kustomization.yaml')).toMatchObject({ rule: 'input/too-many-nodes', line: 1 });
  });

  it('too many patch applications: the patches of a component act on every object of the folder that includes it', { timeout: 30_000 }, async () => {
    const docs = Array.from({ length: 500 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`).join('---\n');
    const patches = Array.from({ length: 21 }, (_, i) => `- target: {kind: ConfigMap}\n  patch: |-\n    - {op: add, path: /metadata/labels/p${i}, value: x}`).join('\n');
    const component = { 'apps/many-patches/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n${patches}\n` };
    const dir = await tree(network('resources:\n- many.yaml\ncomponents:\n- ../../apps/many-patches\n', { 'networks/x/many.yaml': docs, ...component }));
    const graph = await walkKustomizeGraph(dir, 'networks/x', 'x');
    expect(graph.cost).toMatchObject({ objects: 500, transforms: 21, work: 500 * 21 });
    expect(graph.findings.find((x) => x.rule === 'input/too-large-render')?.message).toMatch(/10,500 patch applications/);
  });

  it('too many objects for one folder', { timeout: 30_000 }, async () => {
    const docs = Array.from({ length: 1_500 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`).join('---\n');
    const dir = await tree(network('resources:\n- ../../apps/node\n- many.yaml\n', { 'networks/x/many.yaml': docs }));
    const graph = await walkKustomizeGraph(dir, 'networks/x', 'x');
    expect(graph.renderable).toBe(false);
    expect(graph.findings.find((x) => x.rule === 'input/too-large-render')).toMatchObject({ file: 'networks/x/kustomization.yaml' });
  });
});

describe('one revision', () => {
  it('the walk reads at most 32 MiB of kustomize inputs in all, however many folders', { timeout: 60_000 }, async () => {
    const big = (n: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b${n}\ndata:\n  v: "${String(n).padEnd(2_000_000, 'x')}"\n`;
    const files: Record<string, string> = {};
    for (let n = 0; n < 17; n++) {
      files[`networks/n${n}/kustomization.yaml`] = 'resources:\n- big.yaml\n';
      files[`networks/n${n}/big.yaml`] = big(n);
    }
    const dir = await tree(files);
    const cache = new Map();
    const graphs = [];
    for (let n = 0; n < 17; n++) graphs.push(await walkKustomizeGraph(dir, `networks/n${n}`, `n${n}`, cache));
    expect(graphs.slice(0, 16).every((g) => g.renderable)).toBe(true);
    expect(graphs[16]!.findings.map((f) => `${f.file} ${f.rule}`)).toEqual(['networks/n16/big.yaml input/too-large-tree']);
  });
});

describe('the walk visits each real path once and bounds what kustomize would unfold', () => {
  it('a directory symlink loop whose lexical paths double at each level', { timeout: 30_000 }, async () => {
    const dir = await tree(network('resources:\n- ../../apps/node\n- sub\n', { 'networks/x/sub/kustomization.yaml': 'resources:\n- l1\n- l2\n' }));
    await symlink('..', join(dir, 'networks/x/sub/l1'));
    await symlink('..', join(dir, 'networks/x/sub/l2'));
    const graph = await walkKustomizeGraph(dir, 'networks/x', 'x');
    expect(graph.renderable).toBe(false);
    expect(graph.findings.map((f) => f.rule)).toContain('input/cycle');
    // networks/x, networks/x/sub and apps/node: each read once, whatever the lexical paths.
    expect(graph.kustomizations.map((k) => k.file).sort()).toEqual(['apps/node/kustomization.yaml', 'networks/x/kustomization.yaml', 'networks/x/sub/kustomization.yaml']);
  });

  it('a kustomization that refers to itself through a symlink', { timeout: 30_000 }, async () => {
    const dir = await tree(network('resources:\n- ../../apps/node\n- self\n'));
    await symlink('.', join(dir, 'networks/x/self'));
    const graph = await walkKustomizeGraph(dir, 'networks/x', 'x');
    expect(graph.renderable).toBe(false);
    expect(graph.findings.find((f) => f.rule === 'input/cycle')).toMatchObject({ file: 'networks/x/kustomization.yaml', line: 3 });
  });

  it('a small tree whose kustomizations double at each level', { timeout: 30_000 }, async () => {
    const levels = 24;
    const files: Record<string, string> = {};
    for (let i = 0; i < levels; i++) {
      files[`apps/d${i}/kustomization.yaml`] = `apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncomponents:\n- ../d${i + 1}\n- ../d${i + 1}/\n`;
    }
    files[`apps/d${levels}/kustomization.yaml`] = 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonAnnotations:\n  doubled: "yes"\n';
    const dir = await tree(network('resources:\n- ../../apps/node\ncomponents:\n- ../../apps/d0\n', files));
    const result = await runChecks({ headDir: dir });
    const f = result.findings.find((x) => x.rule === 'input/too-large-render');
    expect(f, JSON.stringify(result.findings)).toMatchObject({ check: 'input', severity: 'error', file: 'networks/x/kustomization.yaml' });
    expect(f!.message).toMatch(/kustomization/);
    expect(result.findings.filter((x) => x.check === 'render')).toEqual([]);
    expect(result.ok).toBe(false);
  });
});

describe('what kustomize could add to its output is bounded before it runs', () => {
  const docs = Array.from({ length: 999 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  k: v\n`).join('---\n');
  const bigValue = `"${'x'.repeat(1_900_000)}"`;

  it('a replacement copying a 1.9 MB value into 999 objects', { timeout: 30_000 }, async () => {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  v: ${bigValue}\n`;
    const kustomization = 'resources:\n- many.yaml\n- big.yaml\nreplacements:\n- source: {kind: ConfigMap, name: big, fieldPath: data.v}\n  targets:\n  - select: {kind: ConfigMap}\n    reject: [{name: big}]\n    fieldPaths: [data.k]\n';
    const dir = await tree(network(kustomization, { 'networks/x/many.yaml': docs, 'networks/x/big.yaml': big }));
    const graph = await walkKustomizeGraph(dir, 'networks/x', 'x');
    expect(graph.renderable).toBe(false);
    expect(graph.findings.find((f) => f.rule === 'input/too-large-render')?.message).toMatch(/could add up to 1,81\d MiB to the output/);
  });

  it('a patch adding a 1.9 MB value to 999 objects', { timeout: 30_000 }, async () => {
    const patch = `- op: add\n  path: /data/big\n  value: ${bigValue}\n`;
    const kustomization = 'resources:\n- many.yaml\npatches:\n- path: patch.yaml\n  target: {kind: ConfigMap}\n';
    const dir = await tree(network(kustomization, { 'networks/x/many.yaml': docs, 'networks/x/patch.yaml': patch }));
    const graph = await walkKustomizeGraph(dir, 'networks/x', 'x');
    expect(graph.renderable).toBe(false);
    expect(graph.findings.find((f) => f.rule === 'input/too-large-render')?.message).toMatch(/patches: 999 applications of patches up to 1,900,0\d\d bytes/);
  });
});
