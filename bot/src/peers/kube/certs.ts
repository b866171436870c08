// Certificates for the test API server, generated once per machine with the openssl CLI and
// kept in the cache. Test-only: they name 127.0.0.1 and localhost, nothing else.
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EnvironmentError } from '../../errors.js';
import { cacheDir } from '../../tools/cache.js';
import { runTool } from '../../tools/run.js';

export interface KubeCerts {
  dir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  /** Client certificate in group system:masters: the admin kubeconfig. */
  adminCert: string;
  adminKey: string;
  /** Signs and verifies ServiceAccount tokens. */
  serviceAccountKey: string;
  serviceAccountPub: string;
}

const DAYS = '3650';
const FILES = {
  caCert: 'ca.crt',
  serverCert: 'server.crt',
  serverKey: 'server.key',
  adminCert: 'admin.crt',
  adminKey: 'admin.key',
  serviceAccountKey: 'sa.key',
  serviceAccountPub: 'sa.pub',
} as const;

function pathsIn(dir: string): KubeCerts {
  const entries = Object.entries(FILES).map(([key, file]) => [key, join(dir, file)]);
  return { dir, ...Object.fromEntries(entries) } as KubeCerts;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  await runTool('openssl', 'openssl', args, { cwd, timeoutMs: 60_000 });
}

/** Issue a P-256 key and a certificate signed by the CA in `dir`. */
async function issue(dir: string, name: string, subject: string, extensions: string): Promise<void> {
  await writeFile(join(dir, `${name}.ext`), extensions);
  await openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir);
  await openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', DAYS, '-out', `${name}.crt`, '-extfile', `${name}.ext`], dir);
}

async function generate(dir: string): Promise<void> {
  await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', DAYS, '-subj', '/CN=substrate-gitops-test-ca'], dir);
  await issue(
    dir,
    'server',
    '/CN=kube-apiserver',
    'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n',
  );
  await issue(dir, 'admin', '/O=system:masters/CN=substrate-gitops-admin', 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n');
  await openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'sa.key'], dir);
  await openssl(['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
}

/** Return the cached test certificates, generating them the first time. */
export async function ensureKubeCerts(): Promise<KubeCerts> {
  const root = await cacheDir('peers', 'kube');
  const dir = join(root, 'certs');
  try {
    await access(join(dir, FILES.serviceAccountPub));
    return pathsIn(dir);
  } catch {
    // not generated yet
  }
  try {
    await runTool('openssl', 'openssl', ['version'], { timeoutMs: 10_000 });
  } catch (error) {
    throw new EnvironmentError('openssl is needed to generate the test API server certificates and was not found', 'apt-get install -y openssl', { cause: error });
  }
  // Generate aside and move into place whole, so a half-made set is never picked up.
  const staging = join(root, `certs-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await generate(staging);
  try {
    await rename(staging, dir);
  } catch {
    // Another process finished first; its set is as good as ours.
    await rm(staging, { recursive: true, force: true });
  }
  return pathsIn(dir);
}

/** Base64 of a file, for kubeconfig `*-data` fields. */
export async function base64Of(path: string): Promise<string> {
  return (await readFile(path)).toString('base64');
}
