// Command lines of the two peer processes (deciding only; start.ts runs them).
import { join } from 'node:path';
import type { KubeCerts } from './certs.js';

export interface Ports {
  etcdClient: number;
  etcdPeer: number;
  apiServer: number;
}

export function etcdArgs(dataDir: string, ports: Ports): string[] {
  const client = `http://127.0.0.1:${ports.etcdClient}`;
  const peer = `http://127.0.0.1:${ports.etcdPeer}`;
  return [
    '--name=peer',
    `--data-dir=${join(dataDir, 'etcd')}`,
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

export function apiServerArgs(dataDir: string, certs: KubeCerts, ports: Ports): string[] {
  return [
    `--etcd-servers=http://127.0.0.1:${ports.etcdClient}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${ports.apiServer}`,
    `--cert-dir=${join(dataDir, 'apiserver')}`,
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

/**
 * A free port found a moment ago can be taken by someone else before our process binds it;
 * such a start is worth one more try with new ports. Anything else is a real failure.
 */
export function lostPortRace(logLines: readonly string[]): boolean {
  return logLines.some((line) => /address already in use/i.test(line));
}
