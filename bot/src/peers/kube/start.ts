// A real Kubernetes API server for tests: etcd + kube-apiserver on loopback, RBAC on, the
// Argo CD CRDs and the bot's own RBAC installed. No kubelet and no controllers: tests write
// `status` themselves.
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { REPO_ROOT } from '../../tools/cache.js';
import { runTool } from '../../tools/run.js';
import { applyManifests, parseManifests } from './apply.js';
import { ensureKubeBinaries } from './build.js';
import { base64Of, ensureKubeCerts, type KubeCerts } from './certs.js';
import { argoCdCrdManifests, waitForEstablished } from './crds.js';
import { renderKubeconfig } from './kubeconfig.js';
import { spawnPeerProcess, type PeerProcess } from './peerProcess.js';
import { freeLoopbackPort } from './ports.js';
import { PeerStartError, probe, waitForReady } from './ready.js';
import { requestServiceAccountToken } from './token.js';

export const BOT_NAMESPACE = 'substrate-gitops';
export const BOT_SERVICE_ACCOUNT = 'substrate-gitops-bot';

export interface KubePeer {
  /** https URL of the API server. */
  server: string;
  /** Temporary folder with data, logs and kubeconfigs; removed by stop(). */
  dir: string;
  /** Kubeconfig path of a client-certificate user in system:masters. */
  adminKubeconfig: string;
  /** Kubeconfig path of ServiceAccount substrate-gitops/substrate-gitops-bot (token, RBAC applies). */
  botKubeconfig: string;
  /** Write a kubeconfig for any ServiceAccount (it must exist); returns its path. */
  kubeconfigForServiceAccount(namespace: string, name: string): Promise<string>;
  /** Server-side apply multi-document YAML as admin. */
  apply(manifestsYaml: string): Promise<void>;
  /** Kill exactly the processes this peer started and remove `dir`. Idempotent. */
  stop(): Promise<void>;
}

export interface StartOptions {
  log?: (line: string) => void;
  /** How long etcd and the API server each get to become ready (default 120 s). */
  readyTimeoutMs?: number;
  /** The processes are killed after this long whatever happens (default 6 h). */
  maxLifetimeMs?: number;
}

/** Load a kubeconfig file into a client configuration. */
export function loadKubeConfig(path: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

function etcdArgs(dir: string, clientPort: number, peerPort: number): string[] {
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  return [
    '--name=peer',
    `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=peer=${peer}`,
    // The Argo CD ApplicationSet CRD alone is about 1.5 MB.
    '--max-request-bytes=10485760',
    // Test data is thrown away; durability only costs time here.
    '--unsafe-no-fsync',
  ];
}

function apiServerArgs(dir: string, certs: KubeCerts, etcdPort: number, securePort: number): string[] {
  return [
    `--etcd-servers=http://127.0.0.1:${etcdPort}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${securePort}`,
    `--cert-dir=${join(dir, 'apiserver')}`,
    `--tls-cert-file=${certs.serverCert}`,
    `--tls-private-key-file=${certs.serverKey}`,
    `--client-ca-file=${certs.caCert}`,
    '--authorization-mode=RBAC',
    '--service-account-issuer=https://kubernetes.default.svc',
    `--service-account-key-file=${certs.serviceAccountPub}`,
    `--service-account-signing-key-file=${certs.serviceAccountKey}`,
    '--service-cluster-ip-range=10.96.0.0/24',
    // A loopback address is not a valid endpoint for the `kubernetes` Service; nothing here uses it.
    '--endpoint-reconciler-type=none',
    '--enable-priority-and-fairness=false',
    '--profiling=false',
  ];
}

export async function startKubeApiServer(options: StartOptions = {}): Promise<KubePeer> {
  const log = options.log ?? (() => {});
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  const maxLifetimeMs = options.maxLifetimeMs ?? 6 * 3600_000;
  const [binaries, certs] = await Promise.all([ensureKubeBinaries({ log }), ensureKubeCerts()]);
  const dir = await mkdtemp(join(tmpdir(), 'substrate-gitops-kube-'));
  const processes: PeerProcess[] = [];
  const removeDirOnExit = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDirOnExit);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // API server first, so it does not spend its last seconds retrying a vanished etcd.
    for (const child of [...processes].reverse()) await child.stop();
    process.off('exit', removeDirOnExit);
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const [etcdPort, etcdPeerPort, securePort] = [await freeLoopbackPort(), await freeLoopbackPort(), await freeLoopbackPort()];
    const etcd = spawnPeerProcess('etcd', binaries.etcd, etcdArgs(dir, etcdPort, etcdPeerPort), { logFile: join(dir, 'etcd.log'), maxLifetimeMs });
    processes.push(etcd);
    await waitForReady(etcd, async () => (await probe(`http://127.0.0.1:${etcdPort}/health`))?.status === 200, readyTimeoutMs);
    log(`etcd ready on 127.0.0.1:${etcdPort}`);

    const apiServer = spawnPeerProcess('kube-apiserver', binaries.kubeApiServer, apiServerArgs(dir, certs, etcdPort, securePort), {
      logFile: join(dir, 'kube-apiserver.log'),
      maxLifetimeMs,
    });
    processes.push(apiServer);
    const server = `https://127.0.0.1:${securePort}`;
    const [ca, cert, key] = [await base64Of(certs.caCert), await base64Of(certs.adminCert), await base64Of(certs.adminKey)];
    const tls = { ca: Buffer.from(ca, 'base64'), cert: Buffer.from(cert, 'base64'), key: Buffer.from(key, 'base64') };
    await waitForReady(apiServer, async () => (await probe(`${server}/readyz`, tls))?.status === 200, readyTimeoutMs);
    log(`kube-apiserver ready at ${server}`);

    const adminKubeconfig = join(dir, 'admin.kubeconfig');
    await writeFile(adminKubeconfig, renderKubeconfig({ server, caData: ca, userName: 'admin', user: { clientCertificateData: cert, clientKeyData: key } }), { mode: 0o600 });
    const admin = loadKubeConfig(adminKubeconfig);
    const apply = async (manifestsYaml: string) => {
      await applyManifests(admin, manifestsYaml);
    };

    const crds = await argoCdCrdManifests();
    await apply(crds);
    await waitForEstablished(
      admin,
      parseManifests(crds).map((crd) => crd.metadata!.name!),
    );
    const { stdout: botManifests } = await runTool('kubectl', 'kubectl', ['kustomize', join(REPO_ROOT, 'apps', 'substrate-gitops-bot')], { timeoutMs: 60_000 });
    await apply(botManifests);

    const kubeconfigForServiceAccount = async (namespace: string, name: string) => {
      const token = await requestServiceAccountToken(admin, namespace, name);
      const path = join(dir, `${namespace}.${name}.kubeconfig`);
      await writeFile(path, renderKubeconfig({ server, caData: ca, userName: `${namespace}:${name}`, user: { token }, namespace }), { mode: 0o600 });
      return path;
    };
    const botKubeconfig = await kubeconfigForServiceAccount(BOT_NAMESPACE, BOT_SERVICE_ACCOUNT);
    return { server, dir, adminKubeconfig, botKubeconfig, kubeconfigForServiceAccount, apply, stop };
  } catch (error) {
    // Keep the logs of a failed start: the error points at them.
    const keepDir = error instanceof PeerStartError;
    if (keepDir) process.off('exit', removeDirOnExit);
    stopped = true;
    for (const child of [...processes].reverse()) await child.stop();
    if (!keepDir) {
      process.off('exit', removeDirOnExit);
      await rm(dir, { recursive: true, force: true });
    }
    throw error;
  }
}
