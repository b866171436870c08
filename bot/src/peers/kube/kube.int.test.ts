import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  ApiException,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  Watch,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../tools/cache.js';
import { runTool } from '../../tools/run.js';
import { ensureKubeBinaries } from './build.js';
import { base64Of, ensureKubeCerts } from './certs.js';
import { launch } from './launch.js';
import { spawnPeerProcess } from './peerProcess.js';
import { freeLoopbackPort } from './ports.js';
import { PeerStartError, waitForReady } from './ready.js';
import { BOT_NAMESPACE, loadKubeConfig, startKubeApiServer, type KubePeer } from './start.js';

const APP = { group: 'argoproj.io', version: 'v1alpha1', plural: 'applications' } as const;
const ARGO_NAMESPACE = 'argocd';
const NETWORK_NAMESPACE = 'net-a';

let peer: KubePeer;
let admin: KubeConfig;
let bot: KubeConfig;

function application(name: string) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: ARGO_NAMESPACE },
    spec: {
      project: 'default',
      source: { repoURL: 'https://example.invalid/substrate-gitops.git', path: `networks/${name}`, targetRevision: 'main' },
      destination: { server: 'https://kubernetes.default.svc', namespace: name },
    },
  };
}

/** The HTTP status an API call failed with (fails the test if it succeeded). */
async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiException) return error.code;
    throw error;
  }
  throw new Error('expected the API server to refuse the request, but it succeeded');
}

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

beforeAll(async () => {
  peer = await startKubeApiServer();
  admin = loadKubeConfig(peer.adminKubeconfig);
  bot = loadKubeConfig(peer.botKubeconfig);
  await peer.apply(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ARGO_NAMESPACE}}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ${NETWORK_NAMESPACE}}\n`);
});

afterAll(async () => {
  await peer?.stop();
});

describe('test API server', () => {
  it('lets the admin create an Application and write its status (no status subresource: Argo CD writes the object)', async () => {
    const api = admin.makeApiClient(CustomObjectsApi);
    await api.createNamespacedCustomObject({ ...APP, namespace: ARGO_NAMESPACE, body: application('rococo-local') });
    await api.patchNamespacedCustomObject(
      { ...APP, namespace: ARGO_NAMESPACE, name: 'rococo-local', body: { status: { sync: { status: 'Synced', revision: 'abc123' }, health: { status: 'Healthy' } } } },
      mergePatch,
    );
    const read = (await api.getNamespacedCustomObject({ ...APP, namespace: ARGO_NAMESPACE, name: 'rococo-local' })) as {
      status: { sync: { status: string; revision: string }; health: { status: string } };
    };
    expect(read.status.sync).toEqual({ status: 'Synced', revision: 'abc123' });
    expect(read.status.health.status).toBe('Healthy');
    // Argo CD's Application CRD declares `subresources: {}`, so /status does not exist.
    expect(await statusOf(api.getNamespacedCustomObjectStatus({ ...APP, namespace: ARGO_NAMESPACE, name: 'rococo-local' }))).toBe(404);
  });

  it('lets the bot get, list and watch Applications but not create, change or delete them', async () => {
    const api = bot.makeApiClient(CustomObjectsApi);
    await admin.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({ ...APP, namespace: ARGO_NAMESPACE, body: application('paseo-local') });
    const got = (await api.getNamespacedCustomObject({ ...APP, namespace: ARGO_NAMESPACE, name: 'paseo-local' })) as { metadata: { name: string } };
    expect(got.metadata.name).toBe('paseo-local');
    const listed = (await api.listClusterCustomObject({ ...APP })) as { items: { metadata: { name: string } }[] };
    expect(listed.items.map((item) => item.metadata.name)).toContain('paseo-local');

    expect(await statusOf(api.createNamespacedCustomObject({ ...APP, namespace: ARGO_NAMESPACE, body: application('bot-made') }))).toBe(403);
    expect(
      await statusOf(api.patchNamespacedCustomObject({ ...APP, namespace: ARGO_NAMESPACE, name: 'paseo-local', body: { metadata: { labels: { x: 'y' } } } }, mergePatch)),
    ).toBe(403);
    expect(await statusOf(api.deleteNamespacedCustomObject({ ...APP, namespace: ARGO_NAMESPACE, name: 'paseo-local' }))).toBe(403);
    expect(await statusOf(api.listClusterCustomObject({ group: APP.group, version: APP.version, plural: 'appprojects' }))).toBe(403);
  });

  it('shows the bot a status update through a watch on Applications', async () => {
    const adminApi = admin.makeApiClient(CustomObjectsApi);
    await adminApi.createNamespacedCustomObject({ ...APP, namespace: ARGO_NAMESPACE, body: application('westend-local') });
    let finished = false;
    let onStatus: (status: { sync?: { revision?: string } }) => void = () => {};
    let onError: (error: unknown) => void = () => {};
    const seen = new Promise<{ sync?: { revision?: string } }>((resolve, reject) => {
      onStatus = resolve;
      onError = reject;
    });
    const controller = await new Watch(bot).watch(
      `/apis/${APP.group}/${APP.version}/namespaces/${ARGO_NAMESPACE}/${APP.plural}`,
      { fieldSelector: 'metadata.name=westend-local' },
      (phase, object: { status?: { sync?: { revision?: string } } }) => {
        if (phase === 'MODIFIED' && object.status?.sync?.revision === 'def456') onStatus(object.status);
      },
      (error: unknown) => {
        if (!finished) onError(error ?? new Error('the watch ended before the status update arrived'));
      },
    );
    try {
      // The watch is open: now change the status.
      await adminApi.patchNamespacedCustomObject(
        { ...APP, namespace: ARGO_NAMESPACE, name: 'westend-local', body: { status: { sync: { status: 'Synced', revision: 'def456' } } } },
        mergePatch,
      );
      expect((await seen).sync?.revision).toBe('def456');
    } finally {
      finished = true;
      controller.abort();
    }
  });

  it('lets the bot read only the Secrets its network grants by name (secret-access component)', async () => {
    // A network as the README describes it: the component, with the network's Secret names.
    const network = await mkdtemp(join(tmpdir(), 'substrate-gitops-net-'));
    try {
      const component = relative(network, join(REPO_ROOT, 'apps', 'substrate-gitops-bot', 'secret-access'));
      await writeFile(
        join(network, 'kustomization.yaml'),
        [
          `namespace: ${NETWORK_NAMESPACE}`,
          'components:',
          `  - ${component}`,
          'patches:',
          '  - target: {kind: Role, name: substrate-gitops-bot-secrets}',
          '    patch: |-',
          '      - op: replace',
          '        path: /rules/0/resourceNames',
          '        value: [net-a-seed]',
          '',
        ].join('\n'),
      );
      const { stdout } = await runTool('kubectl', 'kubectl', ['kustomize', network], { timeoutMs: 60_000 });
      await peer.apply(stdout);
    } finally {
      await rm(network, { recursive: true, force: true });
    }
    const adminCore = admin.makeApiClient(CoreV1Api);
    for (const name of ['net-a-seed', 'net-a-other']) {
      await adminCore.createNamespacedSecret({ namespace: NETWORK_NAMESPACE, body: { metadata: { name }, stringData: { seed: `//${name}` } } });
    }
    const core = bot.makeApiClient(CoreV1Api);
    const granted = await core.readNamespacedSecret({ namespace: NETWORK_NAMESPACE, name: 'net-a-seed' });
    expect(Buffer.from(granted.data!.seed!, 'base64').toString()).toBe('//net-a-seed');
    expect(await statusOf(core.readNamespacedSecret({ namespace: NETWORK_NAMESPACE, name: 'net-a-other' }))).toBe(403);
    expect(await statusOf(core.listNamespacedSecret({ namespace: NETWORK_NAMESPACE }))).toBe(403);
    expect(await statusOf(core.listNamespacedSecret({ namespace: BOT_NAMESPACE }))).toBe(403);
  });

  it('lets the bot keep its journal ConfigMaps and its Lease in its namespace, and nothing more', async () => {
    const core = bot.makeApiClient(CoreV1Api);
    await core.createNamespacedConfigMap({ namespace: BOT_NAMESPACE, body: { metadata: { name: 'journal-1' }, data: { step: 'planned' } } });
    const map = await core.readNamespacedConfigMap({ namespace: BOT_NAMESPACE, name: 'journal-1' });
    await core.replaceNamespacedConfigMap({ namespace: BOT_NAMESPACE, name: 'journal-1', body: { ...map, data: { step: 'submitted' } } });
    expect((await core.readNamespacedConfigMap({ namespace: BOT_NAMESPACE, name: 'journal-1' })).data).toEqual({ step: 'submitted' });
    expect(await statusOf(core.deleteNamespacedConfigMap({ namespace: BOT_NAMESPACE, name: 'journal-1' }))).toBe(403);
    expect(await statusOf(core.createNamespacedConfigMap({ namespace: NETWORK_NAMESPACE, body: { metadata: { name: 'elsewhere' } } }))).toBe(403);

    const leases = bot.makeApiClient(CoordinationV1Api);
    await leases.createNamespacedLease({ namespace: BOT_NAMESPACE, body: { metadata: { name: 'substrate-gitops-bot' }, spec: { holderIdentity: 'pod-a', leaseDurationSeconds: 15 } } });
    const lease = await leases.readNamespacedLease({ namespace: BOT_NAMESPACE, name: 'substrate-gitops-bot' });
    await leases.replaceNamespacedLease({ namespace: BOT_NAMESPACE, name: 'substrate-gitops-bot', body: { ...lease, spec: { ...lease.spec, holderIdentity: 'pod-b' } } });
    expect((await leases.readNamespacedLease({ namespace: BOT_NAMESPACE, name: 'substrate-gitops-bot' })).spec?.holderIdentity).toBe('pod-b');
    expect(await statusOf(leases.deleteNamespacedLease({ namespace: BOT_NAMESPACE, name: 'substrate-gitops-bot' }))).toBe(403);
  });

  it('writes a kubeconfig for another ServiceAccount that has no rights at all', async () => {
    await peer.apply(`apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: nobody, namespace: ${BOT_NAMESPACE}}\n`);
    const nobody = loadKubeConfig(await peer.kubeconfigForServiceAccount(BOT_NAMESPACE, 'nobody'));
    expect(await statusOf(nobody.makeApiClient(CustomObjectsApi).listClusterCustomObject({ ...APP }))).toBe(403);
  });
});

describe('a peer process that fails to start', () => {
  it('reports its exit and its last log lines', async () => {
    const { etcd } = await ensureKubeBinaries();
    const dir = await mkdtemp(join(tmpdir(), 'substrate-gitops-etcd-bad-'));
    try {
      const bad = spawnPeerProcess('etcd', etcd, ['--listen-client-urls=not-a-url'], { logFile: join(dir, 'etcd.log'), maxLifetimeMs: 60_000 });
      const error = await waitForReady(bad, async () => false, { idleMs: 60_000 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PeerStartError);
      expect((error as Error).message).toMatch(/^etcd stopped before it became ready \(exited with code \d+\); last \d+ log lines:/);
      expect((error as Error).message).toContain('not-a-url');
      expect((error as Error).message).toContain(`full log: ${join(dir, 'etcd.log')}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a port taken between choosing and binding it', () => {
  it('is retried with new ports', async () => {
    const [binaries, certs] = await Promise.all([ensureKubeBinaries(), ensureKubeCerts()]);
    const dir = await mkdtemp(join(tmpdir(), 'substrate-gitops-kube-race-'));
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as { port: number }).port;
    const lines: string[] = [];
    let calls = 0;
    const freePorts = async () => {
      calls += 1;
      const etcdClient = await freeLoopbackPort();
      const etcdPeer = await freeLoopbackPort();
      return { etcdClient, etcdPeer, apiServer: calls === 1 ? taken : await freeLoopbackPort() };
    };
    const tls = { ca: Buffer.from(await base64Of(certs.caCert), 'base64'), cert: Buffer.from(await base64Of(certs.adminCert), 'base64'), key: Buffer.from(await base64Of(certs.adminKey), 'base64') };
    try {
      const launched = await launch(dir, { ...binaries, cached: true }, certs, { log: (line) => lines.push(line), tls, readyIdleMs: 120_000, maxLifetimeMs: 600_000, freePorts });
      try {
        expect(calls).toBe(2);
        expect(launched.server).not.toContain(`:${taken}`);
        expect(lines.some((line) => line.includes('retrying with new ports'))).toBe(true);
      } finally {
        for (const child of [...launched.processes].reverse()) await child.stop();
      }
    } finally {
      squatter.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a test process that exits without stop()', () => {
  it('leaves no peer process running and no data folder behind', async () => {
    const fixture = join(REPO_ROOT, 'bot', 'src', 'peers', 'kube', 'exitCheck.fixture.ts');
    const { stdout } = await runTool('node', process.execPath, ['--import', 'tsx', fixture], { cwd: REPO_ROOT, timeoutMs: 180_000 });
    const started = JSON.parse(stdout.trim().split('\n').at(-1)!) as { dir: string; pids: number[] };
    expect(started.pids).toHaveLength(2);
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    // SIGKILL is delivered at exit; give the kernel a bounded number of looks to reap them.
    for (let look = 0; look < 50 && started.pids.some(alive); look++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(started.pids.filter(alive)).toEqual([]);
    expect(existsSync(started.dir)).toBe(false);
  });
});
