import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startCountingServer, writeProgramShims, type CountingServer, type ProgramShims } from '../../test/egress.js';
import { networkFolder, nodeGroupBase } from '../../test/networkFixture.js';
import { writeTree } from '../../test/tree.js';
import { execa } from 'execa';
import { runChecks } from '../pipeline/runChecks.js';
import { REPO_ROOT } from '../tools/cache.js';

// Section 2 of the hardening: no kustomization a pull request can write makes the check reach
// the network or start git/helm. Every form below once got past the walk and reached kustomize.
// The check runs in this process with `git`/`helm` shims first on PATH and a loopback server
// that counts requests; each form must end as an error finding with zero requests and zero runs.

const PATH_WITHOUT_SHIMS = process.env.PATH;
let server: CountingServer;
let shims: ProgramShims;
let restorePath: () => void;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  server = await startCountingServer();
  shims = await writeProgramShims(['git', 'helm']);
  restorePath = shims.install();
});
afterAll(async () => {
  restorePath?.();
  await server?.close();
  await shims?.dispose();
});
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

type Case = {
  /** Files of networks/x/ (relative to it) besides network.yaml. */
  files: (url: string, port: number) => Record<string, string>;
  /** Symlinks inside networks/x/: name → target (a target starting with `@outside/` points into a folder outside the repository). */
  links?: Record<string, string>;
  /** Files of a folder outside the repository. */
  outside?: (url: string) => Record<string, string>;
};

const PATCH_TRANSFORMER = (url: string) => `apiVersion: builtin\nkind: PatchTransformer\nmetadata:\n  name: p\npath: ${url}/patch.yaml\ntarget:\n  kind: StatefulSet\n`;
const CONFIGMAP_GENERATOR = (url: string) => `apiVersion: builtin\nkind: ConfigMapGenerator\nmetadata:\n  name: g\nfiles:\n- ${url}/data.yaml\n`;
const indent = (text: string) => text.trimEnd().split('\n').map((l) => `    ${l}`).join('\n');

const CASES: Record<string, Case> = {
  'an upper-case field name (Resources:)': { files: (u) => ({ 'kustomization.yaml': `resources:\n- ../../apps/node\nResources:\n- ${u}/upper.yaml\n` }) },
  'an all-caps field name (RESOURCES:)': { files: (u) => ({ 'kustomization.yaml': `RESOURCES:\n- ../../apps/node\n- ${u}/caps.yaml\n` }) },
  'a field name Go case-folds (reſources, long s)': { files: (u) => ({ 'kustomization.yaml': `resources:\n- ../../apps/node\nreſources:\n- ${u}/fold.yaml\n` }) },
  'a YAML merge key carrying resources': { files: (u) => ({ 'kustomization.yaml': `<<: {resources: [../../apps/node, "${u}/merge.yaml"]}\n` }) },
  'a merge key with a list of mappings': { files: (u) => ({ 'kustomization.yaml': `<<: [{resources: [../../apps/node, "${u}/list.yaml"]}]\n` }) },
  'a transformer config file with a URL path': {
    files: (u) => ({ 'kustomization.yaml': 'resources:\n- ../../apps/node\ntransformers:\n- t.yaml\n', 't.yaml': PATCH_TRANSFORMER(u) }),
  },
  'a generator config file with a URL file source': {
    files: (u) => ({ 'kustomization.yaml': 'resources:\n- ../../apps/node\ngenerators:\n- g.yaml\n', 'g.yaml': CONFIGMAP_GENERATOR(u) }),
  },
  'a validator config file with a URL path': {
    files: (u) => ({ 'kustomization.yaml': 'resources:\n- ../../apps/node\nvalidators:\n- v.yaml\n', 'v.yaml': PATCH_TRANSFORMER(u) }),
  },
  'an inline multi-line transformer config': {
    files: (u) => ({ 'kustomization.yaml': `resources:\n- ../../apps/node\ntransformers:\n- |-\n${indent(PATCH_TRANSFORMER(u))}\n` }),
  },
  'an inline multi-line generator config': {
    files: (u) => ({ 'kustomization.yaml': `resources:\n- ../../apps/node\ngenerators:\n- |-\n${indent(CONFIGMAP_GENERATOR(u))}\n` }),
  },
  'a git::-prefixed remote base': { files: (u) => ({ 'kustomization.yaml': `resources:\n- ../../apps/node\n- git::${u}/org/repo//base\n` }) },
  'a git::-prefixed reference that is also a local folder': {
    files: (_u, port) => ({
      'kustomization.yaml': `resources:\n- ../../apps/node\n- git::http://127.0.0.1:${port}/org/repo\n`,
      [`git::http:/127.0.0.1:${port}/org/repo/kustomization.yaml`]: 'resources: []\n',
    }),
  },
  'an scp-style reference that is also a local folder': {
    files: (_u, port) => ({
      'kustomization.yaml': `resources:\n- ../../apps/node\n- someone@127.0.0.1:${port}/repo\n`,
      [`someone@127.0.0.1:${port}/repo/kustomization.yaml`]: 'resources: []\n',
    }),
  },
  'a github.com reference that is also a local folder': {
    files: () => ({ 'kustomization.yaml': 'resources:\n- ../../apps/node\n- github.com/org/repo\n', 'github.com/org/repo/kustomization.yaml': 'resources: []\n' }),
  },
  'an https URL resource': { files: (_u, port) => ({ 'kustomization.yaml': `resources:\n- ../../apps/node\n- https://127.0.0.1:${port}/x.yaml\n` }) },
  'an http URL resource': { files: (u) => ({ 'kustomization.yaml': `resources:\n- ../../apps/node\n- ${u}/x.yaml\n` }) },
  'a URL patch path': { files: (u) => ({ 'kustomization.yaml': `resources:\n- ../../apps/node\npatches:\n- path: ${u}/patch.yaml\n` }) },
  'a URL configMapGenerator file with a key': {
    files: (u) => ({ 'kustomization.yaml': `resources:\n- ../../apps/node\nconfigMapGenerator:\n- name: c\n  files:\n  - key=${u}/data.yaml\n` }),
  },
  'a URL replacement path': { files: (u) => ({ 'kustomization.yaml': `resources:\n- ../../apps/node\nreplacements:\n- path: ${u}/r.yaml\n` }) },
  'a URL openapi path': { files: (u) => ({ 'kustomization.yaml': `resources:\n- ../../apps/node\nopenapi:\n  path: ${u}/schema.yaml\n` }) },
  'helm charts': { files: (u) => ({ 'kustomization.yaml': `helmCharts:\n- name: chart\n  repo: ${u}/charts\n  version: 1.0.0\n` }) },
  'helm charts under a case-folded name': { files: (u) => ({ 'kustomization.yaml': `HelmCharts:\n- name: chart\n  repo: ${u}/charts\n  version: 1.0.0\n` }) },
  'a symlink in an intermediate path component leading outside': {
    files: () => ({ 'kustomization.yaml': 'resources:\n- ../../apps/node\n- out/base\n' }),
    links: { out: '@outside/' },
    outside: (u) => ({ 'base/kustomization.yaml': `resources:\n- cm.yaml\nResources:\n- ${u}/outside.yaml\n`, 'base/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: read-from-outside\n' }),
  },
  'a symlink loop in an intermediate path component': {
    files: () => ({ 'kustomization.yaml': 'resources:\n- ../../apps/node\n- a/x.yaml\n' }),
    links: { a: 'b', b: 'a' },
  },
};

async function hostileTree(c: Case): Promise<string> {
  const url = `http://127.0.0.1:${server.port}`;
  const network = networkFolder('x');
  const files: Record<string, string> = { ...nodeGroupBase(), 'networks/x/network.yaml': network['networks/x/network.yaml']! };
  for (const [path, content] of Object.entries(c.files(url, server.port))) files[`networks/x/${path}`] = content;
  const t = await writeTree(files);
  cleanups.push(t.dispose);
  if (c.outside) {
    const outside = await mkdtemp(join(tmpdir(), 'sg-outside-'));
    cleanups.push(() => rm(outside, { recursive: true, force: true }));
    for (const [path, content] of Object.entries(c.outside(url))) {
      await mkdir(dirname(join(outside, path)), { recursive: true });
      await writeFile(join(outside, path), content);
    }
    for (const [name, target] of Object.entries(c.links ?? {})) await symlink(target.replace('@outside/', `${outside}/`), join(t.dir, 'networks/x', name));
  } else {
    for (const [name, target] of Object.entries(c.links ?? {})) await symlink(target, join(t.dir, 'networks/x', name));
  }
  return t.dir;
}

describe('hostile kustomizations never reach the network or start a program', () => {
  it.each(Object.keys(CASES))('%s: an error finding, exit 1, zero requests, zero git/helm runs', async (name) => {
    const dir = await hostileTree(CASES[name]!);
    const requestsBefore = server.requests.length;
    const runsBefore = (await shims.runs()).length;
    const result = await runChecks({ headDir: dir });
    const requests = server.requests.slice(requestsBefore);
    const runs = (await shims.runs()).slice(runsBefore);
    expect(requests, 'requests to the loopback server').toEqual([]);
    expect(runs, 'git/helm runs').toEqual([]);
    const inputErrors = result.findings.filter((f) => f.check === 'input' && f.severity === 'error' && f.file.startsWith('networks/x/'));
    expect(inputErrors, JSON.stringify(result.findings, null, 1)).not.toEqual([]);
    // `npm run check` exits 1 exactly when the result is not ok.
    expect(result.ok).toBe(false);
    // Nothing read from outside the repository made it into a render.
    expect(JSON.stringify(result)).not.toContain('read-from-outside');
    expect(JSON.stringify(result)).not.toContain('fetched-from-the-network');
  });
});

describe('npm run check on a hostile kustomization', () => {
  it('exits 1 with the finding, and nothing was fetched', async () => {
    const dir = await hostileTree(CASES['an upper-case field name (Resources:)']!);
    const env = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x', PATH: PATH_WITHOUT_SHIMS };
    await execa('git', ['init', '-q', '-b', 'main'], { cwd: dir, env });
    await execa('git', ['add', '-A'], { cwd: dir, env });
    await execa('git', ['commit', '-qm', 'hostile'], { cwd: dir, env });
    const before = server.requests.length;
    const r = await execa(join(REPO_ROOT, 'node_modules/.bin/tsx'), [join(REPO_ROOT, 'scripts/check.ts')], { cwd: dir, reject: false, env: { PATH: PATH_WITHOUT_SHIMS } });
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stdout).toContain('networks/x/kustomization.yaml');
    expect(r.stdout).toContain('input/field-case');
    expect(server.requests.slice(before)).toEqual([]);
  });
});
