// Start etcd, then the API server on it, and wait until both are ready.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { apiServerArgs, etcdArgs, lostPortRace, type Ports } from './args.js';
import type { KubeBinaries } from './build.js';
import type { KubeCerts } from './certs.js';
import { spawnPeerProcess, type PeerProcess } from './peerProcess.js';
import { freeLoopbackPort } from './ports.js';
import { PeerStartError, probe, waitForReady } from './ready.js';

export interface LaunchOptions {
  log: (line: string) => void;
  /** Each process is given up on when it neither prints nor uses CPU time for this long before it is ready. */
  readyIdleMs: number;
  /** Stops the start (the processes started so far are stopped) when aborted. */
  signal?: AbortSignal;
  maxLifetimeMs: number;
  /** Client TLS material to probe /readyz with. */
  tls: { ca: Buffer; cert: Buffer; key: Buffer };
  /** Picks the ports of one attempt (tests hand in a taken one). */
  freePorts?: () => Promise<Ports>;
}

export interface Launched {
  server: string;
  /** In start order; stop in reverse. */
  processes: PeerProcess[];
}

const ATTEMPTS = 3;

async function freePorts(): Promise<Ports> {
  return { etcdClient: await freeLoopbackPort(), etcdPeer: await freeLoopbackPort(), apiServer: await freeLoopbackPort() };
}

async function launchOnce(dataDir: string, binaries: KubeBinaries, certs: KubeCerts, options: LaunchOptions, started: PeerProcess[]): Promise<string> {
  const ports = await (options.freePorts ?? freePorts)();
  await mkdir(dataDir, { recursive: true });
  const etcd = spawnPeerProcess('etcd', binaries.etcd, etcdArgs(dataDir, ports), { logFile: join(dataDir, 'etcd.log'), maxLifetimeMs: options.maxLifetimeMs });
  started.push(etcd);
  const limits = { idleMs: options.readyIdleMs, ...(options.signal ? { signal: options.signal } : {}) };
  await waitForReady(etcd, async () => (await probe(`http://127.0.0.1:${ports.etcdClient}/health`))?.status === 200, limits);
  options.log(`etcd ready on 127.0.0.1:${ports.etcdClient}`);

  const apiServer = spawnPeerProcess('kube-apiserver', binaries.kubeApiServer, apiServerArgs(dataDir, certs, ports), {
    logFile: join(dataDir, 'kube-apiserver.log'),
    maxLifetimeMs: options.maxLifetimeMs,
  });
  started.push(apiServer);
  const server = `https://127.0.0.1:${ports.apiServer}`;
  await waitForReady(apiServer, async () => (await probe(`${server}/readyz`, options.tls))?.status === 200, limits);
  options.log(`kube-apiserver ready at ${server}`);
  return server;
}

/** Start both processes; a lost port race is retried with new ports, in a fresh data folder. */
export async function launch(dir: string, binaries: KubeBinaries, certs: KubeCerts, options: LaunchOptions): Promise<Launched> {
  for (let attempt = 1; ; attempt++) {
    const started: PeerProcess[] = [];
    try {
      const server = await launchOnce(join(dir, `run-${attempt}`), binaries, certs, options, started);
      return { server, processes: started };
    } catch (error) {
      for (const child of [...started].reverse()) await child.stop();
      const raced = error instanceof PeerStartError && started.some((child) => lostPortRace(child.tail.last()));
      if (!raced || attempt >= ATTEMPTS) throw error;
      options.log(`a port was taken before ${started.at(-1)?.name} could bind it; retrying with new ports`);
    }
  }
}
