// A local stand-in for GitHub's REST API over real HTTP on 127.0.0.1. Every request is checked
// against GitHub's published description; what GitHub would refuse is recorded as a violation
// and refused the same way, so a test cannot pass on a request real GitHub would reject.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticate, publicKeyOf, type AuthKind } from './auth.js';
import { Faults, type FaultSpec, type RequestMatcher } from './faults.js';
import { tarball } from './gitData.js';
import type { HandlerContext, Reply } from './handler.js';
import { githubApi } from './openapi.js';
import { ROUTES } from './routes/index.js';
import { actorFor, type AppIdentity, type RepoEntry, type Urls } from './shapes.js';
import { emptyState, nextId, now, type IssueComment, type PullRequestSpec, type StandInState } from './state.js';

export interface StandInOptions {
  repos: Record<string, { dir: string; defaultBranch?: string; private?: boolean }>;
  appId?: number;
  appSlug?: string;
  /** PEM; when given, app endpoints accept only JWTs signed with it. */
  privateKey?: string;
  installationId?: number;
}

export interface RecordedRequest {
  method: string;
  /** The REST path without `/api/v3` and without the query string. */
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
  /** GitHub's operation id (e.g. 'checks/update'); 'codeload' for archive downloads. */
  operationId?: string;
  status: number;
  auth: AuthKind;
}

export interface GitHubStandIn {
  url: string;
  apiUrl: string;
  requests: RecordedRequest[];
  violations: string[];
  state: StandInState;
  app: AppIdentity;
  failNext(matcher: RequestMatcher, fault: FaultSpec): void;
  /** Register (or replace) pull request `number`; shas left out are read from the refs when asked. */
  setPullRequest(number: number, spec: PullRequestSpec): void;
  /** A comment written by someone else (a person, another bot) before or during the test. */
  addIssueComment(issueNumber: number, body: string, login?: string, repo?: string): IssueComment;
  close(): Promise<void>;
}

const API_PREFIX = '/api/v3';
const CODELOAD = /^\/_codeload\/([^/]+)\/([^/]+)\/legacy\.tar\.gz\/([0-9a-f]{40})$/;

export async function startGitHubStandIn(options: StandInOptions): Promise<GitHubStandIn> {
  const api = githubApi();
  const repos = new Map<string, RepoEntry>();
  Object.entries(options.repos).forEach(([fullName, config], i) => {
    const [owner, name] = fullName.split('/');
    if (!owner || !name) throw new Error(`stand-in repository "${fullName}" must be written owner/name`);
    repos.set(fullName.toLowerCase(), {
      owner,
      name,
      fullName,
      id: 5000 + i,
      dir: config.dir,
      defaultBranch: config.defaultBranch ?? 'main',
      private: config.private ?? false,
    });
  });
  const firstRepo = [...repos.values()][0];
  const slug = options.appSlug ?? 'substrate-gitops';
  const app: AppIdentity = {
    id: options.appId ?? 1,
    slug,
    installationId: options.installationId ?? 1,
    bot: actorFor(`${slug}[bot]`, 'Bot'),
  };
  const state = emptyState();
  const faults = new Faults();
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const publicKey = publicKeyOf(options.privateKey);
  let urls: Urls = { web: '', api: '' };

  async function answer(req: IncomingMessage, record: RecordedRequest, raw: Buffer): Promise<Reply> {
    const requestUrl = new URL(req.url ?? '/', urls.web);
    const codeload = CODELOAD.exec(requestUrl.pathname);
    if (codeload) {
      record.operationId = 'codeload';
      const repo = repos.get(`${decodeURIComponent(codeload[1]!)}/${decodeURIComponent(codeload[2]!)}`.toLowerCase());
      if (!repo) return { status: 404, body: { message: 'Not Found' } };
      const bytes = await tarball(repo.dir, repo.owner, repo.name, codeload[3]!);
      return {
        status: 200,
        raw: bytes,
        headers: { 'content-type': 'application/x-gzip', 'content-disposition': `attachment; filename=${repo.owner}-${repo.name}-${codeload[3]!.slice(0, 7)}.tar.gz` },
      };
    }

    if (raw.length > 0) {
      try {
        record.body = JSON.parse(raw.toString('utf8'));
      } catch {
        return refuse(400, `${record.method} ${record.path}: body is not valid JSON`, 'Problems parsing JSON');
      }
    }
    const checked = api.check({ method: record.method, path: record.path, query: record.query, body: record.body, contentType: req.headers['content-type'] });
    record.operationId = checked.operationId;
    if (checked.violations.length > 0) {
      violations.push(...checked.violations);
      return { status: checked.rejectStatus ?? 422, body: { message: checked.rejectStatus === 404 ? 'Not Found' : 'Validation Failed', errors: checked.violations } };
    }

    const auth = authenticate(req.headers.authorization, { appId: app.id, publicKey, issuedTokens: state.tokens });
    record.auth = auth.kind;
    const route = ROUTES.get(checked.operationId!);
    const label = `${checked.operationId} (${record.method} ${record.path})`;
    if (auth.problem) return refuse(401, `${label}: ${auth.problem}`, auth.problem);
    if (route?.as === 'app' && auth.kind !== 'app') {
      return refuse(401, `${label}: needs the app's JSON web token, got ${auth.kind} credentials`, 'A JSON web token could not be decoded');
    }
    if (route?.as === 'installation' && auth.kind === 'app') {
      return refuse(403, `${label}: called with the app's JSON web token instead of an installation token`, 'Resource not accessible by integration');
    }

    const fault = faults.take({ method: record.method, path: record.path, operationId: checked.operationId });
    if (fault) return { status: fault.status, headers: fault.headers, body: fault.body };

    if (!route) return refuse(501, `${label}: a valid GitHub request the stand-in does not implement yet`, 'Not implemented by the stand-in');
    const { owner, repo: repoName } = checked.pathParams;
    const repo = owner && repoName ? repos.get(`${owner}/${repoName}`.toLowerCase()) : firstRepo;
    if (!repo) return { status: 404, body: { message: 'Not Found' } };
    const ctx: HandlerContext = {
      params: checked.pathParams,
      query: record.query,
      body: (record.body ?? {}) as Record<string, unknown>,
      repo,
      repos,
      state,
      urls,
      app,
      actor: auth.kind === 'installation' ? app.bot : actorFor('test-user'),
      requestUrl: new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`),
    };
    const reply = await route.handler(ctx);
    if (reply.rejection) violations.push(`${label}: ${reply.rejection}`);
    return reply;
  }

  function refuse(status: number, violation: string, message: string): Reply {
    violations.push(violation);
    return { status, body: { message, documentation_url: 'https://docs.github.com/rest' } };
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const requestUrl = new URL(req.url ?? '/', 'http://127.0.0.1');
      const record: RecordedRequest = {
        method: (req.method ?? 'GET').toUpperCase(),
        path: requestUrl.pathname.startsWith(`${API_PREFIX}/`) ? requestUrl.pathname.slice(API_PREFIX.length) : requestUrl.pathname,
        query: queryOf(requestUrl),
        body: undefined,
        status: 0,
        auth: 'none',
      };
      requests.push(record);
      answer(req, record, Buffer.concat(chunks))
        .catch((error: unknown) => {
          const message = `stand-in failed on ${record.method} ${record.path}: ${(error as Error).stack ?? String(error)}`;
          violations.push(message);
          return { status: 500, body: { message } } satisfies Reply;
        })
        .then((reply) => send(res, record, reply));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  urls = { web: `http://127.0.0.1:${port}`, api: `http://127.0.0.1:${port}${API_PREFIX}` };

  return {
    url: urls.web,
    apiUrl: urls.api,
    requests,
    violations,
    state,
    app,
    failNext: (matcher, fault) => faults.add(matcher, fault),
    setPullRequest(number, spec) {
      const repo = spec.repo ?? firstRepo?.fullName;
      if (!repo || !repos.has(repo.toLowerCase())) throw new Error(`pull request ${number}: repository ${String(repo)} is not served by the stand-in`);
      const existing = state.pulls.findIndex((p) => p.repo.toLowerCase() === repo.toLowerCase() && p.number === number);
      const pr = { ...spec, repo: repos.get(repo.toLowerCase())!.fullName, number, id: existing >= 0 ? state.pulls[existing]!.id : nextId() };
      if (existing >= 0) state.pulls[existing] = pr;
      else state.pulls.push(pr);
    },
    addIssueComment(issueNumber, body, login = 'reviewer', repo = firstRepo?.fullName ?? '') {
      const at = now();
      const comment: IssueComment = { id: nextId(), repo, issue_number: issueNumber, body, user: actorFor(login), created_at: at, updated_at: at };
      state.comments.push(comment);
      return comment;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  return query;
}

function send(res: ServerResponse, record: RecordedRequest, reply: Reply): void {
  record.status = reply.status;
  res.statusCode = reply.status;
  res.setHeader('x-github-request-id', randomUUID());
  res.setHeader('x-github-media-type', 'github.v3; format=json');
  res.setHeader('x-ratelimit-limit', '5000');
  res.setHeader('x-ratelimit-remaining', '4999');
  res.setHeader('x-ratelimit-reset', String(Math.floor(Date.now() / 1000) + 3600));
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.raw) {
    res.end(reply.raw);
  } else if (reply.body === undefined || reply.status === 204) {
    res.end();
  } else {
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(reply.body));
  }
}

/** Fail the test with every request real GitHub would have refused. */
export function assertNoViolations(standIn: Pick<GitHubStandIn, 'violations'>): void {
  if (standIn.violations.length > 0) {
    throw new Error(`${standIn.violations.length} request(s) GitHub would refuse:\n- ${standIn.violations.join('\n- ')}`);
  }
}
