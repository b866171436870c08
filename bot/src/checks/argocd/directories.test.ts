import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeTree } from '../../../test/tree.js';
import { listGeneratorDirectories, walkPlan } from './directories.js';

let tree: { dir: string; dispose: () => Promise<void> };
beforeAll(async () => {
  tree = await writeTree({
    'networks/alpha/kustomization.yaml': 'resources: []\n',
    'networks/stray/secret.yaml': 'kind: Secret\n',
    'networks/notes/README.md': '# notes\n',
    'networks/.hidden/kustomization.yaml': 'resources: []\n',
    'networks/alpha/deep/x.yaml': 'kind: ConfigMap\n',
    'networks/network.schema.json': '{}\n',
    'elsewhere/kustomization.yaml': 'resources: []\n',
    ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`many/d${i}/f.yaml`, 'x: 1\n'])),
  });
  await symlink(join(tree.dir, 'elsewhere'), join(tree.dir, 'networks/linked'));
}, 30_000);
afterAll(async () => tree?.dispose());

describe('listGeneratorDirectories', () => {
  it('walks from the literal folders as deep as the pattern reaches', () => {
    expect(walkPlan('networks/*')).toEqual({ base: 'networks', depth: 1 });
    expect(walkPlan('*')).toEqual({ base: '', depth: 1 });
    expect(walkPlan('apps/*/overlays/*')).toEqual({ base: 'apps', depth: 3 });
    // A class may match '/': one more level per class, never fewer than needed.
    expect(walkPlan('a[/]b')).toEqual({ base: '', depth: 3 });
  });

  it('lists matching folders as Argo CD does: no files, no hidden folders, no symlinks; says what each holds', async () => {
    const { directories, truncated } = await listGeneratorDirectories(tree.dir, ['networks/*'], new Map([['networks/alpha', 'alpha']]));
    expect(truncated).toBe(false);
    expect(directories).toEqual([
      { path: 'networks/alpha', network: 'alpha', kustomization: true, manifests: true, file: 'networks/alpha/kustomization.yaml' },
      { path: 'networks/notes', kustomization: false, manifests: false },
      { path: 'networks/stray', kustomization: false, manifests: true, file: 'networks/stray/secret.yaml' },
    ]);
  });

  it('stops at the bound and says so', async () => {
    const bounded = await listGeneratorDirectories(tree.dir, ['many/*'], new Map(), 5);
    expect(bounded.truncated).toBe(true);
    expect(bounded.directories.length).toBeLessThanOrEqual(5);
    expect((await listGeneratorDirectories(tree.dir, ['many/*'], new Map())).directories).toHaveLength(12);
  });
});
