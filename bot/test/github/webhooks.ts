// Webhook deliveries for tests: GitHub's own example payloads (@octokit/webhooks-examples),
// pointed at the test repository, signed like GitHub signs them and POSTed over HTTP.
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// Payloads are JSON trees edited in place; typing every event's shape here would add nothing.
export type Payload = Record<string, any>;

interface ExampleSet {
  name: string;
  actions: string[];
  examples: Payload[];
}

let examples: ExampleSet[] | undefined;

function allExamples(): ExampleSet[] {
  const require = createRequire(import.meta.url);
  examples ??= JSON.parse(readFileSync(require.resolve('@octokit/webhooks-examples/api.github.com/index.json'), 'utf8')) as ExampleSet[];
  return examples;
}

/** A fresh copy of GitHub's example for `event` (and `action`, for events that have one). */
export function examplePayload(event: string, action?: string): Payload {
  const set = allExamples().find((e) => e.name === event);
  if (!set) throw new Error(`no example webhook payloads for event "${event}"`);
  const example = set.examples.find((x) => action === undefined || x.action === action);
  if (!example) throw new Error(`no example of ${event}.${action}; examples exist for: ${[...new Set(set.examples.map((x) => x.action))].join(', ')}`);
  return structuredClone(example);
}

export interface PayloadTarget {
  owner: string;
  repo: string;
  defaultBranch?: string;
  installationId?: number;
  /** The app id check_run / check_suite payloads name as their owner. */
  appId?: number;
  /** Pull request (or issue) number. */
  number?: number;
  head?: { sha: string; ref: string };
  base?: { sha: string; ref: string };
  sender?: { login: string; type?: 'User' | 'Bot' };
  /** The pull request comes from a fork owned by this account. */
  forkOwner?: string;
  commentBody?: string;
}

const ZERO_SHA = '0'.repeat(40);

/** Point an example payload at the test repository and pull request; returns a new payload. */
export function adjustPayload(event: string, original: Payload, target: PayloadTarget): Payload {
  const payload = structuredClone(original);
  const fullName = `${target.owner}/${target.repo}`;
  const defaultBranch = target.defaultBranch ?? 'main';
  const sender = { ...(payload.sender ?? {}), login: target.sender?.login ?? 'contributor', type: target.sender?.type ?? 'User' };
  const repository = {
    ...(payload.repository ?? {}),
    name: target.repo,
    full_name: fullName,
    owner: { ...(payload.repository?.owner ?? {}), login: target.owner, name: target.owner },
    default_branch: defaultBranch,
    master_branch: defaultBranch,
    fork: false,
    html_url: `https://github.com/${fullName}`,
    url: `https://api.github.com/repos/${fullName}`,
  };
  payload.repository = repository;
  payload.sender = sender;
  payload.installation = { id: target.installationId ?? 1, node_id: Buffer.from(`0:Installation${target.installationId ?? 1}`).toString('base64url') };

  const headRepo = target.forkOwner
    ? { ...repository, id: Number(repository.id ?? 0) + 1, full_name: `${target.forkOwner}/${target.repo}`, owner: { ...repository.owner, login: target.forkOwner, name: target.forkOwner }, fork: true }
    : repository;
  const prRef = (side: 'head' | 'base') => {
    const at = side === 'head' ? target.head : target.base;
    const repo = side === 'head' ? headRepo : repository;
    return { ref: at?.ref ?? defaultBranch, sha: at?.sha ?? ZERO_SHA, repo: { id: repo.id, name: repo.name, url: repo.url } };
  };

  switch (event) {
    case 'pull_request': {
      const pr = payload.pull_request;
      payload.number = target.number ?? payload.number;
      pr.number = payload.number;
      pr.user = { ...pr.user, login: sender.login, type: sender.type };
      pr.head = { ...pr.head, ...prRef('head'), repo: headRepo, label: `${headRepo.owner.login}:${target.head?.ref ?? ''}`, user: { ...pr.head.user, login: headRepo.owner.login } };
      pr.base = { ...pr.base, ...prRef('base'), repo: repository, label: `${target.owner}:${target.base?.ref ?? defaultBranch}`, user: { ...pr.base.user, login: target.owner } };
      if (payload.action === 'synchronize') {
        payload.after = pr.head.sha;
        payload.before ??= ZERO_SHA;
      }
      break;
    }
    case 'issue_comment': {
      payload.issue.number = target.number ?? payload.issue.number;
      // The examples are comments on plain issues; the bot cares about pull request comments.
      payload.issue.pull_request = {
        url: `https://api.github.com/repos/${fullName}/pulls/${payload.issue.number}`,
        html_url: `https://github.com/${fullName}/pull/${payload.issue.number}`,
      };
      payload.comment.user = { ...payload.comment.user, login: sender.login, type: sender.type };
      if (target.commentBody !== undefined) payload.comment.body = target.commentBody;
      break;
    }
    case 'check_run':
    case 'check_suite': {
      const suite = event === 'check_run' ? payload.check_run.check_suite : payload.check_suite;
      const pulls = target.number === undefined ? [] : [{ id: target.number, number: target.number, url: `https://api.github.com/repos/${fullName}/pulls/${target.number}`, head: prRef('head'), base: prRef('base') }];
      for (const node of event === 'check_run' ? [payload.check_run, suite] : [suite]) {
        node.head_sha = target.head?.sha ?? node.head_sha;
        node.pull_requests = pulls;
        node.app = { ...node.app, id: target.appId ?? 1 };
      }
      suite.head_branch = target.head?.ref ?? suite.head_branch;
      suite.after = suite.head_sha;
      break;
    }
    case 'push': {
      payload.ref = `refs/heads/${target.head?.ref ?? defaultBranch}`;
      payload.before = target.base?.sha ?? ZERO_SHA;
      payload.after = target.head?.sha ?? ZERO_SHA;
      payload.created = false;
      payload.deleted = false;
      payload.base_ref = null;
      const head = { ...(payload.head_commit ?? {}), id: payload.after, tree_id: payload.after };
      payload.head_commit = head;
      payload.commits = [head];
      break;
    }
  }
  return payload;
}

/** GitHub's `x-hub-signature-256` for a body. */
export function signature256(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface WebhookDelivery {
  /** The `x-github-event` header: 'pull_request', 'issue_comment', … */
  event: string;
  payload: Payload;
  secret: string;
  deliveryId?: string;
  /** 'wrong' signs with another secret, to check that the receiver refuses it. */
  signature?: 'valid' | 'missing' | 'wrong';
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** POST one delivery as GitHub would; only to this machine. */
export async function sendWebhook(url: string, delivery: WebhookDelivery): Promise<{ status: number; body: string }> {
  if (!LOOPBACK.has(new URL(url).hostname)) throw new Error(`webhooks are only sent to this machine (127.0.0.1 / ::1), not to ${url}`);
  const body = JSON.stringify(delivery.payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/test',
    'x-github-event': delivery.event,
    'x-github-delivery': delivery.deliveryId ?? randomUUID(),
    'x-github-hook-installation-target-type': 'integration',
  };
  const mode = delivery.signature ?? 'valid';
  if (mode !== 'missing') headers['x-hub-signature-256'] = signature256(body, mode === 'wrong' ? `not-${delivery.secret}` : delivery.secret);
  const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(30_000) });
  return { status: response.status, body: await response.text() };
}
