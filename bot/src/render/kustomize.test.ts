import { afterEach, describe, expect, it } from 'vitest';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeGroupBase } from '../../test/networkFixture.js';
import { writeTree } from '../../test/tree.js';
import { walkKustomizeGraph } from '../repo/kustomizeGraph.js';
import { PROCESS_LIMITS } from '../repo/renderCost.js';
import { buildFolders, describeKustomizeError, groupForProcesses } from './kustomize.js';
import { renderFolders } from './renderFolders.js';

const trees: { dispose: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(trees.splice(0).map((t) => t.dispose()));
});

describe('the vetted copy kustomize renders', () => {
  it('holds exactly the accepted files at their real paths; symlinks inside the repository render as their targets', async () => {
    const t = await writeTree({
      ...nodeGroupBase(),
      'networks/x/kustomization.yaml': 'resources:\n- base\nconfigMapGenerator:\n- name: cfg\n  files:\n  - settings.txt\n',
      'networks/x/data/real-settings.txt': 'answer=42\n',
      'networks/x/unreferenced.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: never-copied\n',
    });
    trees.push(t);
    await symlink('../../apps/node', join(t.dir, 'networks/x/base'));
    await symlink('data/real-settings.txt', join(t.dir, 'networks/x/settings.txt'));
    const graph = await walkKustomizeGraph(t.dir, 'networks/x', 'x');
    expect(graph.findings).toEqual([]);
    expect([...graph.vetted!.files.keys()].sort()).toEqual([
      'apps/node/kustomization.yaml',
      'apps/node/service.yaml',
      'apps/node/statefulset.yaml',
      'networks/x/data/real-settings.txt',
      'networks/x/kustomization.yaml',
    ]);
    // Both the symlink and its target count as dependencies, so a change to either re-checks x.
    expect([...graph.deps]).toEqual(expect.arrayContaining(['networks/x/base', 'apps/node', 'networks/x/settings.txt', 'networks/x/data/real-settings.txt']));
    // What kustomize reads: references rewritten to the real paths, the generator key kept.
    const written = String(graph.vetted!.files.get('networks/x/kustomization.yaml'));
    expect(written).toContain('"../../apps/node"');
    expect(written).toContain('"settings.txt=./data/real-settings.txt"');

    const { folders, findings } = await renderFolders(t.dir, [{ source: 'networks/x', network: 'x', graph }]);
    expect(findings).toEqual([]);
    const resources = folders[0]!.resources;
    expect(resources.find((r) => r.kind === 'StatefulSet')?.origin.file).toBe('apps/node/statefulset.yaml');
    const cm = resources.find((r) => r.kind === 'ConfigMap')!;
    expect(cm.origin.file).toBe('networks/x/kustomization.yaml');
    expect(cm.object.data).toEqual({ 'settings.txt': 'answer=42\n' });
  });

  it('refuses a file reached through a symlink that leaves the kustomization folder, as kustomize would', async () => {
    const t = await writeTree({ ...nodeGroupBase(), 'networks/x/kustomization.yaml': 'resources:\n- ../../apps/node\n- svc.yaml\n' });
    trees.push(t);
    await symlink('../../apps/node/service.yaml', join(t.dir, 'networks/x/svc.yaml'));
    const graph = await walkKustomizeGraph(t.dir, 'networks/x', 'x');
    expect(graph.findings.map((f) => `${f.line} ${f.rule}`)).toEqual(['3 input/file-outside-folder']);
  });
});

describe('buildFolders', () => {
  it('a limit passed inside kustomize is an error naming the limit, without temporary paths', async () => {
    const t = await writeTree({ ...nodeGroupBase(), 'networks/x/kustomization.yaml': 'resources:\n- ../../apps/node\n' });
    trees.push(t);
    const error = await buildFolders(t.dir, ['networks/x'], { limits: { maxOutputBytes: 512 } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(describeKustomizeError(error)).toMatch(/output passed 512 bytes and was stopped/);
    expect(String((error as Error).message)).not.toMatch(/sg-render-|\/tmp\//);
  });

  it('walks a folder it was given no graph for, and refuses to render what the walk refuses', async () => {
    const t = await writeTree({ 'networks/x/kustomization.yaml': 'Resources:\n- https://example.com/x.yaml\n' });
    trees.push(t);
    const error = await buildFolders(t.dir, ['networks/x']).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(describeKustomizeError(error)).toMatch(/networks\/x is not rendered: networks\/x\/kustomization.yaml:1 field "Resources"/);
  });
});

describe('groupForProcesses', () => {
  it('splits folders so no kustomize process passes its limits, keeping order', () => {
    const item = (name: string, objects: number) => ({ name, cost: { loads: 1, objects, nodes: 10, bytes: 10, transforms: 0, work: 0, copies: 0, largestResource: 0, largestPatch: 0 } });
    const half = Math.floor(PROCESS_LIMITS.objects / 2);
    const groups = groupForProcesses([item('a', half), item('b', half), item('c', 1), item('d', PROCESS_LIMITS.objects * 3), item('e', 1)]);
    expect(groups.map((g) => g.map((i) => i.name).join(''))).toEqual(['ab', 'c', 'd', 'e']);
  });
});
