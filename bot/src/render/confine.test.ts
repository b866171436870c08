import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCountingServer, writeProgramShims, type CountingServer, type ProgramShims } from '../../test/egress.js';
import { writeTree } from '../../test/tree.js';
import { ToolError } from '../errors.js';
import { MAX_PARALLEL_KUSTOMIZE, runKustomizeConfined, type Isolation } from './confine.js';
import { findKustomize, kustomizeIsolation } from './kustomize.js';

// The second layer: kustomize itself, run on a kustomization the walk never saw (as if the walk
// had missed something), still cannot reach the network, start git or outgrow its limits.

const kustomize = await findKustomize();
const detected = await kustomizeIsolation();
const PROXY_ONLY: Isolation = { network: 'proxy-only', prefix: [] };

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

async function unvetted(files: Record<string, string>): Promise<{ dir: string; work: string }> {
  const t = await writeTree(files);
  const work = await mkdtemp(join(tmpdir(), 'sg-confine-'));
  cleanups.push(t.dispose, () => rm(work, { recursive: true, force: true }));
  return { dir: t.dir, work };
}

async function failure(run: Promise<unknown>): Promise<ToolError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ToolError);
  return error as ToolError;
}

const CONFIGMAPS = (n: number) => Array.from({ length: n }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  k: "${'v'.repeat(200)}"\n`).join('---\n');

describe('kustomize confined', () => {
  it.runIf(detected.network === 'namespace')('in a network namespace: an http resource gets no request through', async () => {
    const { dir, work } = await unvetted({ 'kustomization.yaml': `resources:\n- http://127.0.0.1:${server.port}/x.yaml\n` });
    const before = server.requests.length;
    await failure(runKustomizeConfined(kustomize.file, [...kustomize.args, dir], { workDir: work, isolation: detected }));
    expect(server.requests.slice(before)).toEqual([]);
  });

  it('without a network namespace, requests to other hosts go to a closed proxy', async () => {
    const { dir, work } = await unvetted({ 'kustomization.yaml': 'resources:\n- http://192.0.2.1/x.yaml\n' });
    const error = await failure(runKustomizeConfined(kustomize.file, [...kustomize.args, dir], { workDir: work, isolation: PROXY_ONLY }));
    expect(error.stderrTail).toMatch(/proxyconnect tcp: dial tcp 127\.0\.0\.1:1/);
  });

  it('with an empty PATH: a git remote cannot start git', async () => {
    const { dir, work } = await unvetted({ 'kustomization.yaml': `resources:\n- git::http://127.0.0.1:${server.port}/org/repo//base\n` });
    const before = (await shims.runs()).length;
    const error = await failure(runKustomizeConfined(kustomize.file, [...kustomize.args, dir], { workDir: work, isolation: PROXY_ONLY }));
    expect(error.stderrTail).toContain('no \'git\' program on path');
    expect((await shims.runs()).slice(before)).toEqual([]);
  });

  it('gets nothing of this process: an empty PATH and HOME, no inherited variables, an address-space limit', async () => {
    const { work } = await unvetted({});
    const tool = join(work, 'print-env');
    await writeFile(tool, '#!/bin/sh\n/usr/bin/env\necho "AS=$(ulimit -v)"\n');
    await chmod(tool, 0o755);
    process.env.SG_TEST_SECRET = 'do-not-pass-this-on';
    try {
      const run = await runKustomizeConfined(tool, [], { workDir: join(work, 'w'), isolation: PROXY_ONLY, limits: { maxAddressSpaceBytes: 2048 * 1024 * 1024 } });
      const env = Object.fromEntries(run.stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      expect(run.stdout).not.toContain('do-not-pass-this-on');
      expect(env.PATH).toBe(join(work, 'w', 'no-programs'));
      expect(env.HOME).toBe(join(work, 'w', 'home'));
      expect(env.KUSTOMIZE_PLUGIN_HOME?.startsWith(join(work, 'w', 'home'))).toBe(true);
      expect(env.HTTPS_PROXY).toBe('http://127.0.0.1:1');
      expect(env.NO_PROXY).toBe('');
      expect(env.AS).toBe(String(2048 * 1024));
    } finally {
      delete process.env.SG_TEST_SECRET;
    }
  });

  it('is stopped past the memory cap', async () => {
    // 1,000 objects keep kustomize busy for most of a second; kubectl alone is ~70 MiB resident,
    // so a 16 MiB cap is passed on the first poll.
    const { dir, work } = await unvetted({ 'kustomization.yaml': 'resources:\n- cms.yaml\n', 'cms.yaml': CONFIGMAPS(1_000) });
    const error = await failure(runKustomizeConfined(kustomize.file, [...kustomize.args, dir], { workDir: work, isolation: detected, limits: { maxRssBytes: 16 * 1024 * 1024 } }));
    expect(error.message).toMatch(/used more than 16 MiB of memory/);
  });

  it('is stopped past the output cap', async () => {
    const { dir, work } = await unvetted({ 'kustomization.yaml': 'resources:\n- cms.yaml\n', 'cms.yaml': CONFIGMAPS(300) });
    const error = await failure(runKustomizeConfined(kustomize.file, [...kustomize.args, dir], { workDir: work, isolation: detected, limits: { maxOutputBytes: 4096 } }));
    expect(error.message).toMatch(/output passed/);
  });

  it('is stopped past the time limit', async () => {
    const { dir, work } = await unvetted({ 'kustomization.yaml': 'resources:\n- cms.yaml\n', 'cms.yaml': CONFIGMAPS(300) });
    const error = await failure(runKustomizeConfined(kustomize.file, [...kustomize.args, dir], { workDir: work, isolation: detected, limits: { timeoutMs: 5 } }));
    expect(error.timedOut).toBe(true);
  });

  it(`runs at most ${MAX_PARALLEL_KUSTOMIZE} at once`, async () => {
    const { work } = await unvetted({});
    const log = join(work, 'log');
    const tool = join(work, 'slow');
    await writeFile(log, '');
    await writeFile(tool, `#!/bin/sh\necho start >> '${log}'\n/bin/sleep 0.3\necho end >> '${log}'\n`);
    await chmod(tool, 0o755);
    await Promise.all(Array.from({ length: 5 }, (_, i) => runKustomizeConfined(tool, [], { workDir: join(work, `w${i}`), isolation: PROXY_ONLY })));
    let open = 0;
    let most = 0;
    for (const line of (await readFile(log, 'utf8')).split('\n').filter(Boolean)) {
      open += line === 'start' ? 1 : -1;
      most = Math.max(most, open);
    }
    expect(most).toBe(MAX_PARALLEL_KUSTOMIZE);
  });
});
