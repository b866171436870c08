// Test and benchmark support (no production code imports it): the real Probot app behind a
// real HTTP server on 127.0.0.1, talking to the local GitHub stand-in, with a memory log.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createNodeMiddleware, Probot } from 'probot';
import { startGitHubStandIn, type GitHubStandIn } from '../../test/github/server.js';
import { adjustPayload, examplePayload, sendWebhook, type Payload, type PayloadTarget } from '../../test/github/webhooks.js';
import substrateGitopsApp, { type AppDeps } from './app.js';
import { botOctokit, type BotOctokitOptions } from './octokit.js';

export const OWNER = 'acme';
export const REPO = 'testnets';
export const APP_ID = 4242;
const WEBHOOK_PATH = '/api/github/webhooks';

export interface RunningBot {
  url: string;
  standIn: GitHubStandIn;
  secret: string;
  privateKey: string;
  /** Every log line the app wrote (JSON). */
  logs: string[];
  /** Send a webhook built from GitHub's example for `event`.`action`, pointed at the test repository. */
  send(event: string, action: string | undefined, target: Omit<PayloadTarget, 'owner' | 'repo'>, options?: { deliveryId?: string; signature?: 'valid' | 'missing' | 'wrong'; edit?: (p: Payload) => void }): Promise<{ status: number; body: string; deliveryId: string }>;
  close(): Promise<void>;
}

let sharedKey: string | undefined;

/** One RSA key per process: generating one costs ~100 ms. */
function appPrivateKey(): string {
  sharedKey ??= generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  return sharedKey;
}

export async function startBot(options: { repoDir: string; deps?: AppDeps; octokit?: BotOctokitOptions; logLevel?: 'info' | 'warn' }): Promise<RunningBot> {
  const privateKey = appPrivateKey();
  const secret = `secret-${randomUUID()}`;
  const standIn = await startGitHubStandIn({ repos: { [`${OWNER}/${REPO}`]: { dir: options.repoDir } }, appId: APP_ID, privateKey, installationId: 1 });
  const logs: string[] = [];
  const log = pino(
    { level: options.logLevel ?? 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString('utf8'));
        done();
      },
    }),
  );
  const probot = new Probot({
    appId: APP_ID,
    privateKey,
    secret,
    baseUrl: standIn.apiUrl,
    Octokit: botOctokit({ baseUrl: standIn.apiUrl, retryBaseMs: 100, ...options.octokit }),
    log,
  });
  const middleware = await createNodeMiddleware((app) => substrateGitopsApp(app, options.deps), { probot, webhooksPath: WEBHOOK_PATH });
  const server: Server = createServer((req, res) => {
    void middleware(req, res, () => {
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`;
  return {
    url,
    standIn,
    secret,
    privateKey,
    logs,
    async send(event, action, target, sendOptions = {}) {
      const payload = adjustPayload(event, examplePayload(event, action), { owner: OWNER, repo: REPO, appId: APP_ID, installationId: 1, ...target });
      sendOptions.edit?.(payload);
      const deliveryId = sendOptions.deliveryId ?? randomUUID();
      const response = await sendWebhook(url, { event, payload, secret, deliveryId, signature: sendOptions.signature ?? 'valid' });
      return { ...response, deliveryId };
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await standIn.close();
    },
  };
}

/** Poll `condition` every 20 ms until it holds or `timeoutMs` passes (bounded, never wall-clock asserted). */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
