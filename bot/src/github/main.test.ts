// `npm start` (bot/src/main.ts) spawned for real: a bad environment stops it with one line and
// exit 2; a good one serves webhooks and the health endpoint on 127.0.0.1.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../tools/cache.js';
import { parseEnvironment } from './env.js';
import { freePort } from '../../test/freePort.js';

const KEY = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
const GOOD = { APP_ID: '42', PRIVATE_KEY: KEY, WEBHOOK_SECRET: 's3cret-value', GHE_HOST: '127.0.0.1:9', GHE_PROTOCOL: 'http', PORT: '3000' };
const noFile = () => {
  throw Object.assign(new Error('missing'), { code: 'ENOENT' });
};

function start(env: Record<string, string>, timeout = 30_000) {
  // Only what is given: nothing of the test runner's environment leaks in.
  return execa(process.execPath, ['--import', 'tsx', 'bot/src/main.ts'], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, extendEnv: false, reject: false, timeout, all: true });
}


describe('the environment', () => {
  it('accepts a complete environment and builds the GitHub Enterprise / local API address', () => {
    const result = parseEnvironment(GOOD, noFile);
    expect(result).toMatchObject({ ok: true, settings: { appId: 42, baseUrl: 'http://127.0.0.1:9/api/v3', port: 3000, webhookPath: '/api/github/webhooks' } });
  });

  it('names the one problem, never the secret', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ ...GOOD, APP_ID: '' }, /^APP_ID is not set/],
      [{ ...GOOD, APP_ID: 'my-app' }, /^APP_ID must be the numeric id/],
      [{ ...GOOD, PRIVATE_KEY: '' }, /neither PRIVATE_KEY nor PRIVATE_KEY_PATH/],
      [{ ...GOOD, PRIVATE_KEY: 'not-a-key-at-all' }, /^PRIVATE_KEY is not a PEM private key/],
      [{ ...GOOD, PRIVATE_KEY: '', PRIVATE_KEY_PATH: '/nonexistent/key.pem' }, /PRIVATE_KEY_PATH \/nonexistent\/key.pem cannot be read \(ENOENT\)/],
      [{ ...GOOD, WEBHOOK_SECRET: '' }, /^WEBHOOK_SECRET is not set/],
      [{ ...GOOD, GHE_PROTOCOL: 'ftp' }, /^GHE_PROTOCOL must be https or http/],
      [{ ...GOOD, GHE_HOST: 'https://github.example.com' }, /^GHE_HOST must be a host name/],
      [{ ...GOOD, PORT: '99999' }, /^PORT must be a number from 1 to 65535/],
    ];
    for (const [env, expected] of cases) {
      const result = parseEnvironment(env, noFile);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.problem).toMatch(expected);
      expect(result.problem).not.toContain('s3cret-value');
      expect(result.problem).not.toContain('PRIVATE KEY-----');
    }
  });

  it('accepts a key with flattened newlines, and a key file', async () => {
    expect(parseEnvironment({ ...GOOD, PRIVATE_KEY: KEY.replaceAll('\n', '\\n') }, noFile).ok).toBe(true);
    expect(parseEnvironment({ ...GOOD, PRIVATE_KEY: '', PRIVATE_KEY_PATH: '/k.pem' }, () => KEY).ok).toBe(true);
  });
});

describe('the post-merge environment', () => {
  const ON = { ...GOOD, POST_MERGE: 'on', POST_MERGE_REPOSITORY: 'acme/testnets', POST_MERGE_KUBECONFIG: '/etc/kube/config', POD_NAME: 'bot-0' };
  const kubeconfigOnly = (path: string) => {
    if (path === '/etc/kube/config') return 'apiVersion: v1\nkind: Config\n';
    return noFile();
  };

  it('is off unless POST_MERGE=on, and then has its defaults', () => {
    const off = parseEnvironment(GOOD, noFile);
    expect(off.ok && off.settings.postMerge).toBe(undefined);
    expect(parseEnvironment({ ...GOOD, POST_MERGE: 'off' }, noFile)).toMatchObject({ ok: true });
    expect(parseEnvironment(ON, kubeconfigOnly)).toMatchObject({
      ok: true,
      settings: { postMerge: { repository: { owner: 'acme', repo: 'testnets' }, kubeconfig: '/etc/kube/config', syncTimeoutMs: 1_800_000, identity: 'bot-0' } },
    });
    const inCluster = parseEnvironment({ ...ON, POST_MERGE_KUBECONFIG: '', KUBERNETES_SERVICE_HOST: '10.0.0.1', POST_MERGE_STATE_DIR: '/var/lib/sg', POST_MERGE_SYNC_TIMEOUT_SECONDS: '60' }, noFile);
    expect(inCluster).toMatchObject({ ok: true, settings: { postMerge: { stateDir: '/var/lib/sg', syncTimeoutMs: 60_000 } } });
    expect(inCluster.ok && inCluster.settings.postMerge?.kubeconfig).toBe(undefined);
  });

  it('names the one problem in a line', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ ...ON, POST_MERGE: 'yes' }, /^POST_MERGE must be on or off, not "yes"$/],
      [{ ...GOOD, POST_MERGE_REPOSITORY: 'acme/testnets' }, /^POST_MERGE_REPOSITORY is set but POST_MERGE is not on: set POST_MERGE=on/],
      [{ ...ON, POST_MERGE_REPOSITORY: '' }, /^POST_MERGE is on but POST_MERGE_REPOSITORY is not set/],
      [{ ...ON, POST_MERGE_REPOSITORY: 'https://github.com/acme/testnets' }, /^POST_MERGE_REPOSITORY must be owner\/name/],
      [{ ...ON, POST_MERGE_KUBECONFIG: '/nowhere' }, /^POST_MERGE_KUBECONFIG \/nowhere cannot be read \(ENOENT\)/],
      [{ ...ON, POST_MERGE_KUBECONFIG: '' }, /runs outside a cluster \(KUBERNETES_SERVICE_HOST is not set\) and POST_MERGE_KUBECONFIG is not set/],
      [{ ...ON, POST_MERGE_STATE_DIR: 'state' }, /^POST_MERGE_STATE_DIR must be an absolute path/],
      [{ ...ON, POST_MERGE_SYNC_TIMEOUT_SECONDS: '5' }, /^POST_MERGE_SYNC_TIMEOUT_SECONDS must be a whole number of seconds from 10 to 86400, not "5"$/],
      [{ ...ON, POST_MERGE_SYNC_TIMEOUT_SECONDS: '1.5' }, /^POST_MERGE_SYNC_TIMEOUT_SECONDS must be/],
    ];
    for (const [env, expected] of cases) {
      const result = parseEnvironment(env, kubeconfigOnly);
      expect(result.ok, JSON.stringify(expected.source)).toBe(false);
      if (result.ok) continue;
      expect(result.problem).toMatch(expected);
      expect(result.problem).not.toContain('\n');
      expect(result.problem).not.toContain('s3cret-value');
    }
  });
});

describe('npm start', () => {
  it('stops with exit 2 and one clear line when a variable is missing or malformed', async () => {
    for (const [env, expected] of [
      [{ ...GOOD, WEBHOOK_SECRET: '' }, 'WEBHOOK_SECRET is not set'],
      // substrate-gitops: allow-key-material a malformed PEM block with no key in it, for the start-up error
      [{ ...GOOD, PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----' }, 'PRIVATE_KEY is not a PEM private key'],
      [{ ...GOOD, POST_MERGE: 'on' }, 'POST_MERGE is on but POST_MERGE_REPOSITORY is not set'],
    ] as const) {
      const result = await start(env);
      expect(result.exitCode).toBe(2);
      const lines = (result.all ?? '').trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(expected);
    }
  });

  it('serves the health endpoint and refuses unsigned webhooks when the environment is right', async () => {
    const port = await freePort();
    const dir = await mkdtemp(join(tmpdir(), 'sg-main-'));
    await writeFile(join(dir, 'key.pem'), KEY);
    const child = start({ ...GOOD, PRIVATE_KEY: '', PRIVATE_KEY_PATH: join(dir, 'key.pem'), PORT: String(port), HOST: '127.0.0.1' }, 60_000);
    try {
      let health: Response | undefined;
      for (let i = 0; i < 200 && !health; i++) {
        health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
        if (!health) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(health?.status).toBe(200);
      const unsigned = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': 'x' }, body: '{}' });
      expect(unsigned.status).toBeGreaterThanOrEqual(400);
      expect(unsigned.status).toBeLessThan(500);
    } finally {
      child.kill('SIGTERM');
      const result = await child;
      expect(result.all ?? '').not.toContain('s3cret-value');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
