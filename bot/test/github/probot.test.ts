import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Probot, createNodeMiddleware } from 'probot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepo, type TestRepo } from './gitRepo.js';
import { assertNoViolations, startGitHubStandIn, type GitHubStandIn } from './server.js';
import { adjustPayload, examplePayload, sendWebhook } from './webhooks.js';

// The whole loop the bot's tests will use: a signed delivery reaches a real Probot app,
// which authenticates as the app, takes an installation token and calls the stand-in.
const SECRET = 'probot-test-secret';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });

let repo: TestRepo;
let standIn: GitHubStandIn;
let server: Server;
let webhookUrl: string;

beforeAll(async () => {
  repo = await createRepo({ 'networks/rococo/network.yaml': 'name: rococo\n' });
  standIn = await startGitHubStandIn({ repos: { 'org/testnets': { dir: repo.dir } }, appId: 42, privateKey, installationId: 9 });
  const probot = new Probot({ appId: 42, privateKey, secret: SECRET, baseUrl: standIn.apiUrl, logLevel: 'fatal' });
  const middleware = await createNodeMiddleware(
    (app) => {
      app.on('pull_request.opened', async (context) => {
        await context.octokit.rest.checks.create(
          context.repo({ name: 'substrate-gitops / policy', head_sha: context.payload.pull_request.head.sha, conclusion: 'success' as const, output: { title: 'ok', summary: 'nothing to report' } }),
        );
      });
    },
    { probot, webhooksPath: '/api/github/webhooks' },
  );
  server = createServer((req, res) => {
    void middleware(req, res, () => {
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await standIn?.close();
  await repo?.remove();
});

describe('a Probot app against the stand-in', () => {
  it('handles a delivered pull_request.opened by creating a check run with an installation token', async () => {
    const head = await repo.sha();
    const payload = adjustPayload('pull_request', examplePayload('pull_request', 'opened'), { owner: 'org', repo: 'testnets', installationId: 9, number: 3, head: { sha: head, ref: 'main' } });
    const delivery = await sendWebhook(webhookUrl, { event: 'pull_request', payload, secret: SECRET });
    expect(delivery.status).toBe(200);
    expect(standIn.state.checkRuns.map((r) => [r.name, r.head_sha, r.conclusion])).toEqual([['substrate-gitops / policy', head, 'success']]);
    expect(standIn.requests.map((r) => [r.operationId, r.auth, r.status])).toEqual([
      ['apps/create-installation-access-token', 'app', 201],
      ['checks/create', 'installation', 201],
    ]);
    assertNoViolations(standIn);
  });
});
