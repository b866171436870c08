// A real Kubernetes API server for tests: etcd + kube-apiserver on loopback, RBAC on, the
// Argo CD CRDs and the bot's own RBAC installed. No kubelet and no controllers: tests write
// `status` themselves.
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { EnvironmentError, ToolError } from '../../errors.js';
import { REPO_ROOT } from '../../tools/cache.js';
import { runTool } from '../../tools/run.js';
import { applyManifests, createObjects, parseManifests } from './apply.js';
import { ensureKubeBinaries } from './build.js';
import { base64Of, ensureKubeCerts } from './certs.js';
import { argoCdCrdManifests, waitForEstablished } from './crds.js';
import { renderKubeconfig } from './kubeconfig.js';
import { launch } from './launch.js';
import type { PeerProcess } from './peerProcess.js';
import { PeerStartError } from './ready.js';
import { requestServiceAccountToken } from './token.js';

export const BOT_NAMESPACE = 'substrate-gitops';
export const BOT_SERVICE_ACCOUNT = 'substrate-gitops-bot';
export const BOT_BASE = join(REPO_ROOT, 'apps', 'substrate-gitops-bot');

export interface KubePeer {
  /** https URL of the API server. */
  server: string;
  /** Temporary folder with data, logs and kubeconfigs; removed by stop(). */
  dir: string;
  /** The processes this peer started (etcd, kube-apiserver). */
  processes: { name: string; pid: number }[];
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
  /** etcd and the API server are given up on when either neither prints nor uses CPU time for this long while starting (default 120 s). */
  readyIdleMs?: number;
  /** Stops the start — the build, the wait for another builder, the processes — when aborted. */
  signal?: AbortSignal;
  /** The processes are killed after this long whatever happens (default 6 h). */
  maxLifetimeMs?: number;
}

/** Load a kubeconfig file into a client configuration. */
export function loadKubeConfig(path: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

async function botManifests(): Promise<string> {
  try {
    return (await runTool('kubectl', 'kubectl', ['kustomize', BOT_BASE], { timeoutMs: 60_000 })).stdout;
  } catch (error) {
    if (error instanceof ToolError && error.exitCode === undefined && !error.timedOut) {
      throw new EnvironmentError('kubectl is needed to build apps/substrate-gitops-bot and was not found', 'install kubectl 1.32 (it bundles kustomize v5.5)', { cause: error });
    }
    throw error;
  }
}

export async function startKubeApiServer(options: StartOptions = {}): Promise<KubePeer> {
  const log = options.log ?? (() => {});
  const [binaries, certs] = await Promise.all([ensureKubeBinaries({ ...(options.log ? { log } : {}), ...(options.signal ? { signal: options.signal } : {}) }), ensureKubeCerts()]);
  options.signal?.throwIfAborted();
  const dir = await mkdtemp(join(tmpdir(), 'substrate-gitops-kube-'));
  const removeDirOnExit = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDirOnExit);
  let processes: PeerProcess[] = [];
  let stopped = false;
  const stop = async (keepDir = false) => {
    if (stopped) return;
    stopped = true;
    // API server first, so it does not spend its last seconds retrying a vanished etcd.
    for (const child of [...processes].reverse()) await child.stop();
    process.off('exit', removeDirOnExit);
    if (!keepDir) await rm(dir, { recursive: true, force: true });
  };

  try {
    const [ca, cert, key] = [await base64Of(certs.caCert), await base64Of(certs.adminCert), await base64Of(certs.adminKey)];
    const tls = { ca: Buffer.from(ca, 'base64'), cert: Buffer.from(cert, 'base64'), key: Buffer.from(key, 'base64') };
    const launched = await launch(dir, binaries, certs, {
      log,
      tls,
      readyIdleMs: options.readyIdleMs ?? 120_000,
      ...(options.signal ? { signal: options.signal } : {}),
      maxLifetimeMs: options.maxLifetimeMs ?? 6 * 3600_000,
    });
    processes = launched.processes;
    const server = launched.server;

    const adminKubeconfig = join(dir, 'admin.kubeconfig');
    await writeFile(adminKubeconfig, renderKubeconfig({ server, caData: ca, userName: 'admin', user: { clientCertificateData: cert, clientKeyData: key } }), { mode: 0o600 });
    const admin = loadKubeConfig(adminKubeconfig);
    const apply = async (manifestsYaml: string) => {
      await applyManifests(admin, manifestsYaml);
    };

    // The server is new: the CRDs cannot exist yet.
    const crds = parseManifests(await argoCdCrdManifests());
    await createObjects(admin, crds);
    await waitForEstablished(admin, crds.map((crd) => crd.metadata!.name!));
    await apply(await botManifests());
    log('Argo CD CRDs and the bot RBAC installed');

    const kubeconfigForServiceAccount = async (namespace: string, name: string) => {
      const token = await requestServiceAccountToken(admin, namespace, name);
      const path = join(dir, `${namespace}.${name}.kubeconfig`);
      await writeFile(path, renderKubeconfig({ server, caData: ca, userName: `${namespace}:${name}`, user: { token }, namespace }), { mode: 0o600 });
      return path;
    };
    const botKubeconfig = await kubeconfigForServiceAccount(BOT_NAMESPACE, BOT_SERVICE_ACCOUNT);
    return {
      server,
      dir,
      processes: processes.map(({ name, pid }) => ({ name, pid })),
      adminKubeconfig,
      botKubeconfig,
      kubeconfigForServiceAccount,
      apply,
      stop: () => stop(),
    };
  } catch (error) {
    // A process that did not start leaves its logs: the error names the file.
    await stop(error instanceof PeerStartError && !options.signal?.aborted);
    throw error;
  }
}
