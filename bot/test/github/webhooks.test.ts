import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhooks, createNodeMiddleware } from '@octokit/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustPayload, examplePayload, sendWebhook, signature256 } from './webhooks.js';

const SECRET = 'test-webhook-secret';
const target = {
  owner: 'paritytech-test',
  repo: 'testnets',
  installationId: 9,
  appId: 42,
  number: 7,
  head: { sha: 'b'.repeat(40), ref: 'feature/x' },
  base: { sha: 'a'.repeat(40), ref: 'main' },
  sender: { login: 'alice' },
};

let server: Server;
let url: string;
const received: { name: string; id: string; payload: unknown }[] = [];

beforeAll(async () => {
  // A real receiver: @octokit/webhooks' own middleware, which verifies the signature.
  const webhooks = new Webhooks({ secret: SECRET });
  webhooks.onAny(({ id, name, payload }) => {
    received.push({ id, name, payload });
  });
  // Refused deliveries are the point of some tests; keep the middleware from logging them.
  const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  server = createServer(createNodeMiddleware(webhooks, { path: '/api/github/webhooks', log: quiet }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

describe('webhook deliveries', () => {
  it("signs like GitHub: @octokit/webhooks' verify accepts the signature and refuses another secret's", async () => {
    const body = JSON.stringify(adjustPayload('pull_request', examplePayload('pull_request', 'opened'), target));
    const webhooks = new Webhooks({ secret: SECRET });
    expect(await webhooks.verify(body, signature256(body, SECRET))).toBe(true);
    expect(await webhooks.verify(body, signature256(body, `not-${SECRET}`))).toBe(false);
  });

  it('delivers a signed pull_request.synchronize that a real receiver accepts, and refuses wrong or missing signatures', async () => {
    const payload = adjustPayload('pull_request', examplePayload('pull_request', 'synchronize'), target);
    const ok = await sendWebhook(url, { event: 'pull_request', payload, secret: SECRET, deliveryId: 'delivery-1' });
    expect(ok.status).toBe(200);
    expect(received.at(-1)).toMatchObject({ id: 'delivery-1', name: 'pull_request', payload: { action: 'synchronize', number: 7, after: target.head.sha } });

    const wrong = await sendWebhook(url, { event: 'pull_request', payload, secret: SECRET, signature: 'wrong' });
    const missing = await sendWebhook(url, { event: 'pull_request', payload, secret: SECRET, signature: 'missing' });
    expect([wrong.status, missing.status].every((s) => s >= 400 && s < 500)).toBe(true);
    expect(received).toHaveLength(1);
  });

  it('points pull request payloads at the test repository, including forks', () => {
    const pr = adjustPayload('pull_request', examplePayload('pull_request', 'opened'), { ...target, forkOwner: 'mallory' });
    expect(pr).toMatchObject({
      number: 7,
      installation: { id: 9 },
      sender: { login: 'alice' },
      repository: { full_name: 'paritytech-test/testnets', default_branch: 'main', owner: { login: 'paritytech-test' } },
      pull_request: {
        number: 7,
        user: { login: 'alice' },
        head: { sha: target.head.sha, ref: 'feature/x', repo: { full_name: 'mallory/testnets', fork: true } },
        base: { sha: target.base.sha, ref: 'main', repo: { full_name: 'paritytech-test/testnets', fork: false } },
      },
    });
  });

  it('adjusts comment, check and push events', () => {
    const comment = adjustPayload('issue_comment', examplePayload('issue_comment', 'created'), { ...target, commentBody: '/substrate-gitops retry' });
    expect(comment).toMatchObject({ issue: { number: 7, pull_request: { url: expect.stringContaining('/pulls/7') } }, comment: { body: '/substrate-gitops retry', user: { login: 'alice' } } });
    const run = adjustPayload('check_run', examplePayload('check_run', 'rerequested'), target);
    expect(run.check_run).toMatchObject({ head_sha: target.head.sha, app: { id: 42 }, pull_requests: [{ number: 7, head: { sha: target.head.sha } }], check_suite: { head_branch: 'feature/x' } });
    const suite = adjustPayload('check_suite', examplePayload('check_suite', 'rerequested'), target);
    expect(suite.check_suite).toMatchObject({ head_sha: target.head.sha, after: target.head.sha, app: { id: 42 }, pull_requests: [{ number: 7 }] });
    const push = adjustPayload('push', examplePayload('push'), { ...target, head: { sha: target.head.sha, ref: 'main' } });
    expect(push).toMatchObject({ ref: 'refs/heads/main', before: target.base.sha, after: target.head.sha, head_commit: { id: target.head.sha }, repository: { full_name: 'paritytech-test/testnets' } });
  });

  it('says which examples exist when asked for one that does not', () => {
    expect(() => examplePayload('pull_request', 'exploded')).toThrow(/examples exist for: opened, .*synchronize/);
  });

  it('sends only to this machine', async () => {
    await expect(sendWebhook('http://example.com/hook', { event: 'ping', payload: {}, secret: SECRET })).rejects.toThrow(/only sent to this machine/);
  });
});
