import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { writeTree } from '../test/tree.js';
import { networkFolder, nodeGroupBase } from '../test/networkFixture.js';
import { REPO_ROOT } from '../src/tools/cache.js';

// Hostile pull requests against the check: each input runs `npm run check` (scripts/check.ts)
// on a real git repository, while /proc is polled for the resident memory of the whole process
// tree (the check, kustomize, kubeconform, conftest, git). Targets: at most 30 s and 1 GiB each.

export interface HostileFigure {
  name: string;
  exitCode: number | undefined;
  ms: number;
  peakTreeRssBytes: number;
  /** The first finding's rule and file, to show the input was refused where it should be. */
  firstFinding: string;
}

interface HostileInput {
  name: string;
  files: Record<string, string | Buffer>;
  links?: Record<string, string>;
}

const MiB = 1024 * 1024;

const network = (name: string, kustomization: string, extra: Record<string, string | Buffer> = {}): Record<string, string | Buffer> => ({
  [`networks/${name}/network.yaml`]: networkFolder(name)[`networks/${name}/network.yaml`]!,
  [`networks/${name}/kustomization.yaml`]: kustomization,
  ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`networks/${name}/${k}`, v])),
});

const configMaps = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${prefix}-${i}\ndata:\n  k: v\n`).join('---\n');

function inputs(): HostileInput[] {
  const bomb = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: bomb', 'data:', '  a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 0; i < 8; i++) bomb.push(`  ${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`);
  const doubling: Record<string, string> = {};
  for (let i = 0; i < 30; i++) doubling[`apps/d${i}/kustomization.yaml`] = `apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncomponents:\n- ../d${i + 1}\n- ../d${i + 1}/\n`;
  doubling['apps/d30/kustomization.yaml'] = 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonAnnotations:\n  doubled: "yes"\n';
  // The most one check may render: 2 folders of 999 objects (2,000 is its limit).
  const widest: Record<string, string | Buffer> = {};
  for (let n = 0; n < 2; n++) Object.assign(widest, network(`wide-${n}`, 'resources:\n- many.yaml\n', { 'many.yaml': configMaps(999, `n${n}`) }));
  // The most YAML nodes: 2 folders × 3 files of ~49,000 nodes each (per folder 150,000, per check 300,000).
  const deepest: Record<string, string | Buffer> = {};
  // A flow list costs two tokens an item (value and comma) in the pre-parse bound: 49,000 items stay under 100,000.
  const bigObject = (name: string) => `apiVersion: example.com/v1\nkind: Blob\nmetadata:\n  name: ${name}\nspec:\n  l: [${Array(49_000).fill('1').join(',')}]\n`;
  for (let n = 0; n < 2; n++) {
    const files = Object.fromEntries(['a', 'b', 'c'].map((f) => [`${f}.yaml`, bigObject(`${f}${n}`)]));
    Object.assign(deepest, network(`deep-${n}`, `resources:\n${Object.keys(files).map((f) => `- ${f}`).join('\n')}\n`, files));
  }
  // The most patch work: 999 objects × 10 patches (the folder limit is 10,000 applications).
  const patches = Array.from({ length: 10 }, (_, i) => `- target: {kind: ConfigMap}\n  patch: |-\n    - op: add\n      path: /data/p${i}\n      value: "${i}"`).join('\n');
  // A replacement copying a 1.9 MB value into 999 objects: 1.9 GB if kustomize were let run.
  const fanOut = `replacements:\n- source: {kind: ConfigMap, name: big, fieldPath: data.v}\n  targets:\n  - select: {kind: ConfigMap}\n    reject: [{name: big}]\n    fieldPaths: [data.k]\n`;
  return [
    { name: 'Resources: with an http URL (case-folded field)', files: network('x', 'resources:\n- ../../apps/node\nResources:\n- http://127.0.0.1:9/x.yaml\n') },
    { name: 'transformer config with a URL path', files: network('x', 'resources:\n- ../../apps/node\ntransformers:\n- t.yaml\n', { 't.yaml': 'apiVersion: builtin\nkind: PatchTransformer\nmetadata:\n  name: p\npath: http://127.0.0.1:9/p.yaml\n' }) },
    { name: 'alias bomb in a resource file (9^9 nodes)', files: network('x', 'resources:\n- ../../apps/node\n- bomb.yaml\n', { 'bomb.yaml': `${bomb.join('\n')}\n` }) },
    { name: 'duplicate keys in a resource file', files: network('x', 'resources:\n- ../../apps/node\n- dup.yaml\n', { 'dup.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\ndata:\n  a: "1"\n  a: "2"\n' }) },
    {
      name: '20 MiB line in a resource file',
      files: network('x', 'resources:\n- ../../apps/node\n- big.yaml\n', { 'big.yaml': Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  a: "'), Buffer.alloc(20 * MiB, 'x'), Buffer.from('"\n')]) }),
    },
    { name: '2 MB resource file, a million list items', files: network('x', 'resources:\n- ../../apps/node\n- many.yaml\n', { 'many.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\ndata:\n  l: [${Array(999_000).fill('1').join(',')}]\n` }) },
    { name: '2 MB kustomization, a million list items', files: network('x', `resources: [${Array(999_000).fill('a').join(',')}]\n`) },
    { name: 'directory symlink loop (lexical paths double per level)', files: network('x', 'resources:\n- ../../apps/node\n- sub\n', { 'sub/kustomization.yaml': 'resources:\n- l1\n- l2\n' }), links: { 'networks/x/sub/l1': '..', 'networks/x/sub/l2': '..' } },
    { name: 'kustomizations doubling at each of 30 levels', files: { ...network('x', 'resources:\n- ../../apps/node\ncomponents:\n- ../../apps/d0\n'), ...doubling } },
    { name: 'widest accepted: 2 folders × 999 objects', files: widest },
    { name: 'most nodes accepted: 2 folders × 3 files × 49,000 nodes', files: deepest },
    { name: 'most patch work accepted: 999 objects × 10 patches', files: network('x', `resources:\n- many.yaml\npatches:\n${patches}\n`, { 'many.yaml': configMaps(999, 'p') }) },
    {
      name: 'replacement fan-out: a 1.9 MB value into 999 objects',
      files: network('x', `resources:\n- many.yaml\n- big.yaml\n${fanOut}`, { 'many.yaml': configMaps(999, 'f'), 'big.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  v: "${'x'.repeat(1_900_000)}"\n` }),
    },
  ];
}

/** Resident memory of a process and all its descendants, from /proc. */
async function treeRss(root: number): Promise<number> {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
      rss.set(Number(entry), Number(fields[21]) * 4096);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  for (const [pid, bytes] of rss) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parents.get(p)) {
      if (p === root) {
        total += bytes;
        break;
      }
    }
  }
  return total;
}

async function runCheck(dir: string): Promise<{ exitCode: number | undefined; ms: number; peak: number; stdout: string }> {
  const start = performance.now();
  const child = spawn(join(REPO_ROOT, 'node_modules/.bin/tsx'), [join(REPO_ROOT, 'scripts/check.ts'), '--format', 'json'], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  let peak = 0;
  const poll = setInterval(() => {
    if (child.pid) void treeRss(child.pid).then((r) => (peak = Math.max(peak, r)));
  }, 50);
  const exitCode = await new Promise<number | undefined>((resolve) => child.on('close', (code) => resolve(code ?? undefined)));
  clearInterval(poll);
  return { exitCode, ms: performance.now() - start, peak, stdout };
}

/** One figure per input, as each finishes. */
export async function* benchHostile(only?: string): AsyncGenerator<HostileFigure> {
  for (const input of inputs().filter((i) => !only || i.name.includes(only))) {
    const t = await writeTree({ ...nodeGroupBase(), ...input.files });
    try {
      for (const [path, target] of Object.entries(input.links ?? {})) {
        await mkdir(dirname(join(t.dir, path)), { recursive: true });
        await symlink(target, join(t.dir, path));
      }
      const git = (...args: string[]) => execa('git', args, { cwd: t.dir, env: { GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@x', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@x' } });
      await git('init', '-q', '-b', 'main');
      await writeFile(join(t.dir, '.gitignore'), '');
      await git('add', '-A');
      await git('commit', '-qm', 'hostile');
      const run = await runCheck(t.dir);
      let firstFinding = '(no JSON)';
      try {
        const result = JSON.parse(run.stdout) as { findings: { rule: string; file: string; line?: number; message: string }[] };
        const f = result.findings[0];
        firstFinding = f ? `${f.rule} at ${f.file}${f.line ? `:${f.line}` : ''} (${result.findings.length} findings): ${f.message.slice(0, 140)}` : 'no findings';
      } catch {
        // the exit code says enough
      }
      yield { name: input.name, exitCode: run.exitCode, ms: run.ms, peakTreeRssBytes: run.peak, firstFinding };
    } finally {
      await t.dispose();
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for await (const f of benchHostile(process.argv[2])) console.log(JSON.stringify(f));
}
