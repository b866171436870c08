import { describe, expect, it } from 'vitest';
import { apiServerArgs, etcdArgs, lostPortRace } from './args.js';
import type { KubeCerts } from './certs.js';

const ports = { etcdClient: 40001, etcdPeer: 40002, apiServer: 40003 };
const certs = { dir: '/c', caCert: '/c/ca.crt', serverCert: '/c/s.crt', serverKey: '/c/s.key', adminCert: '/c/a.crt', adminKey: '/c/a.key', serviceAccountKey: '/c/sa.key', serviceAccountPub: '/c/sa.pub' } satisfies KubeCerts;

describe('peer command lines', () => {
  it('bind and connect on loopback only', () => {
    const all = [...etcdArgs('/d', ports), ...apiServerArgs('/d', certs, ports)].join(' ');
    const addresses = all.match(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?::\d+)?/g) ?? [];
    // The service range is a virtual allocation inside the API server, never dialled.
    expect(addresses.filter((a) => !a.startsWith('127.0.0.1') && a !== '10.96.0.0')).toEqual([]);
    expect(all).toContain('--etcd-servers=http://127.0.0.1:40001');
    expect(all).toContain('--secure-port=40003');
  });

  it('turn RBAC on and let the API server sign ServiceAccount tokens', () => {
    const args = apiServerArgs('/d', certs, ports);
    expect(args).toContain('--authorization-mode=RBAC');
    expect(args).toContain('--service-account-signing-key-file=/c/sa.key');
    expect(args).toContain('--client-ca-file=/c/ca.crt');
  });
});

describe('lostPortRace', () => {
  it('recognises a bind failure in either process log, and nothing else', () => {
    expect(lostPortRace(['{"level":"fatal","msg":"listen tcp 127.0.0.1:2379: bind: address already in use"}'])).toBe(true);
    expect(lostPortRace(['E0101 failed to listen on 127.0.0.1:6443: listen tcp 127.0.0.1:6443: bind: Address already in use'])).toBe(true);
    expect(lostPortRace(['open /etc/ssl/server.key: permission denied'])).toBe(false);
  });
});
