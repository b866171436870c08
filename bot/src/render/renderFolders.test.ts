import { afterEach, describe, expect, it } from 'vitest';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeGroupBase, networkFolder } from '../../test/networkFixture.js';
import { writeTree } from '../../test/tree.js';
import { walkKustomizeGraph } from '../repo/kustomizeGraph.js';
import { renderFolders } from './renderFolders.js';

const trees: { dispose: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(trees.splice(0).map((t) => t.dispose()));
});

async function tree(files: Record<string, string>) {
  const t = await writeTree(files);
  trees.push(t);
  return t.dir;
}

describe('renderFolders (real kustomize)', () => {
  it('renders several networks in one go and maps every resource to its network and origin file', async () => {
    const dir = await tree({ ...nodeGroupBase(), ...networkFolder('alpha'), ...networkFolder('beta', { replicas: 5 }) });
    const { folders, findings } = await renderFolders(dir, [
      { source: 'networks/alpha', network: 'alpha' },
      { source: 'networks/beta', network: 'beta', localFiles: ['networks/beta/validators.yaml'] },
    ]);
    expect(findings).toEqual([]);
    const alpha = folders.find((f) => f.source === 'networks/alpha')!;
    const beta = folders.find((f) => f.source === 'networks/beta')!;
    expect(alpha.resources.map((r) => `${r.kind}/${r.namespace}/${r.name}`).sort()).toEqual(['Service/alpha/validator', 'StatefulSet/alpha/validator']);
    const sts = alpha.resources.find((r) => r.kind === 'StatefulSet')!;
    expect(sts.network).toBe('alpha');
    // Declared in the shared base, at the line its document starts.
    expect(sts.origin).toEqual({ file: 'apps/node/statefulset.yaml', line: 1 });
    // Build metadata is stripped from what checks and diffs see.
    expect(JSON.stringify(sts.object)).not.toContain('config.kubernetes.io/origin');
    expect(JSON.stringify(sts.object)).not.toContain('rendered-from');
    // A patch inside the network folder is where a reviewer looks: it wins.
    const betaSts = beta.resources.find((r) => r.kind === 'StatefulSet')!;
    expect(betaSts.origin.file).toBe('networks/beta/validators.yaml');
    expect((betaSts.object.spec as { replicas: number }).replicas).toBe(5);
  });

  it('puts a kustomize failure on the failing folder and still renders the others', async () => {
    const dir = await tree({
      ...nodeGroupBase(),
      ...networkFolder('good'),
      'networks/bad/kustomization.yaml': 'resources:\n- ../../apps/node\npatches:\n- path: nothere.yaml\n',
    });
    const { folders, findings } = await renderFolders(dir, [
      { source: 'networks/good', network: 'good' },
      { source: 'networks/bad', network: 'bad' },
    ]);
    expect(folders.map((f) => f.source)).toEqual(['networks/good']);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ check: 'render', severity: 'error', file: 'networks/bad/kustomization.yaml', network: 'bad' });
    expect(findings[0]!.message).toContain('nothere.yaml');
    expect(findings[0]!.message).not.toMatch(/sg-render-/);
  });
});

describe('walkKustomizeGraph (before kustomize runs)', () => {
  it('collects the files and folders a network depends on', async () => {
    const dir = await tree({ ...nodeGroupBase(), ...networkFolder('alpha', { replicas: 3 }) });
    const graph = await walkKustomizeGraph(dir, 'networks/alpha', 'alpha');
    expect(graph.renderable).toBe(true);
    expect([...graph.deps]).toEqual(expect.arrayContaining(['networks/alpha', 'apps/node', 'apps/node/statefulset.yaml', 'networks/alpha/validators.yaml']));
  });

  it.each([
    ['a remote base', 'resources:\n- github.com/example/repo//base?ref=main\n', 'input/remote-base', 2],
    ['an https URL', 'resources:\n- https://example.com/all.yaml\n', 'input/remote-base', 2],
    ['a path leaving the repository', 'resources:\n- ../../../etc\n', 'input/path-outside-repo', 2],
    ['an absolute path', 'resources:\n- /etc/passwd\n', 'input/path-outside-repo', 2],
    ['a missing file', 'resources:\n- gone.yaml\n', 'input/missing-path', 2],
    ['duplicate keys', 'resources: []\nresources: []\n', 'input/yaml', 2],
    ['an alias bomb', 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n', 'input/yaml-alias', 1],
    ['helm charts', 'helmCharts:\n- name: x\n', 'input/helm', 1],
  ])('refuses %s with a finding at the line', async (_what, kustomization, rule, line) => {
    const dir = await tree({ 'networks/x/kustomization.yaml': kustomization });
    const graph = await walkKustomizeGraph(dir, 'networks/x', 'x');
    expect(graph.renderable).toBe(false);
    const f = graph.findings.find((x) => x.rule === rule);
    expect(f, JSON.stringify(graph.findings)).toBeDefined();
    expect(f!.file).toBe('networks/x/kustomization.yaml');
    if (line !== undefined) expect(f!.line).toBe(line);
  });

  it('refuses a symlink that leaves the repository, and never reads through it', async () => {
    const dir = await tree({ 'networks/x/kustomization.yaml': 'resources:\n- leak\n' });
    await symlink('/etc', join(dir, 'networks/x/leak'));
    const graph = await walkKustomizeGraph(dir, 'networks/x', 'x');
    expect(graph.renderable).toBe(false);
    expect(graph.findings.map((f) => f.rule)).toContain('input/symlink-outside');
  });

  it('reports bytes that are not UTF-8 with their line', async () => {
    const t = await writeTree({ 'networks/x/kustomization.yaml': Buffer.concat([Buffer.from('resources:\n- a.yaml\n# caf'), Buffer.from([0xe9, 0x0a])]) as unknown as string });
    trees.push(t);
    const graph = await walkKustomizeGraph(t.dir, 'networks/x', 'x');
    expect(graph.findings[0]).toMatchObject({ rule: 'input/not-utf8', line: 3 });
  });
});
