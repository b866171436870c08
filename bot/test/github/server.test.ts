import { generateKeyPairSync } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/rest';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepo, type TestRepo } from './gitRepo.js';
import { assertNoViolations, startGitHubStandIn, type GitHubStandIn } from './server.js';

const OWNER = 'paritytech-test';
const REPO = 'testnets';

let repo: TestRepo;
let standIn: GitHubStandIn;
let octokit: Octokit;
let baseSha: string;
let headSha: string;

const annotation = (i: number) => ({ path: 'networks/rococo/validators.yaml', start_line: i + 1, end_line: i + 1, annotation_level: 'warning' as const, message: `finding ${i}` });

async function untar(bytes: ArrayBuffer): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const tar = extract();
  tar.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(c as Buffer));
    stream.on('end', () => {
      if (header.type === 'file') files.set(header.name, Buffer.concat(chunks).toString('utf8'));
      next();
    });
  });
  const done = new Promise<void>((resolve, reject) => {
    tar.on('finish', resolve);
    tar.on('error', reject);
  });
  Readable.from(Buffer.from(bytes)).pipe(createGunzip()).pipe(tar);
  await done;
  return files;
}

beforeAll(async () => {
  repo = await createRepo({ 'networks/rococo/network.yaml': 'name: rococo\n', 'README.md': '# testnets\n' });
  baseSha = await repo.sha();
  await repo.branch('feature/more-validators');
  headSha = await repo.commit({ 'networks/rococo/validators.yaml': 'replicas: 12\n', 'README.md': null }, 'More validators');
  standIn = await startGitHubStandIn({ repos: { [`${OWNER}/${REPO}`]: { dir: repo.dir } } });
  standIn.setPullRequest(7, { head: { ref: 'feature/more-validators' }, base: { ref: 'main' }, user: { login: 'alice' } });
  octokit = new Octokit({ auth: 'test-token', baseUrl: standIn.apiUrl });
});

afterAll(async () => {
  await standIn?.close();
  await repo?.remove();
});

describe('the GitHub stand-in', () => {
  it('creates a check run and appends annotations 50 per update, as Octokit sends them', async () => {
    const created = await octokit.checks.create({ owner: OWNER, repo: REPO, name: 'substrate-gitops / policy', head_sha: headSha, status: 'in_progress' });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ name: 'substrate-gitops / policy', status: 'in_progress', head_sha: headSha, pull_requests: [{ number: 7 }] });
    for (const batch of [0, 1]) {
      await octokit.checks.update({
        owner: OWNER,
        repo: REPO,
        check_run_id: created.data.id,
        output: { title: 'Policy', summary: '100 findings', annotations: Array.from({ length: 50 }, (_, i) => annotation(batch * 50 + i)) },
      });
    }
    const done = await octokit.checks.update({ owner: OWNER, repo: REPO, check_run_id: created.data.id, conclusion: 'failure' });
    expect(done.data).toMatchObject({ status: 'completed', conclusion: 'failure', output: { annotations_count: 100, title: 'Policy' } });
    const listed = await octokit.paginate(octokit.checks.listAnnotations, { owner: OWNER, repo: REPO, check_run_id: created.data.id, per_page: 30 });
    expect(listed.map((a) => a.message)).toEqual(Array.from({ length: 100 }, (_, i) => `finding ${i}`));
    expect(standIn.state.checkRuns[0]!.annotations).toHaveLength(100);
    assertNoViolations(standIn);
  });

  it('answers a request GitHub would refuse with 422 and records the violation', async () => {
    const before = standIn.violations.length;
    await expect(
      octokit.checks.create({ owner: OWNER, repo: REPO, name: 'x', head_sha: headSha, conclusion: 'passed' as never }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(octokit.request('GET /repos/{owner}/{repo}/nonsense', { owner: OWNER, repo: REPO })).rejects.toMatchObject({ status: 404 });
    expect(standIn.violations.slice(before)).toEqual([expect.stringMatching(/checks\/create .*conclusion/), expect.stringMatching(/no such path/)]);
    expect(() => assertNoViolations(standIn)).toThrow(/2 request\(s\) GitHub would refuse/);
    standIn.violations.splice(before);
  });

  it('creates, lists, updates and deletes issue comments as the caller', async () => {
    standIn.addIssueComment(7, 'looks good to me', 'bob');
    const created = await octokit.issues.createComment({ owner: OWNER, repo: REPO, issue_number: 7, body: '<!-- substrate-gitops -->\nplan' });
    expect(created.status).toBe(201);
    const updated = await octokit.issues.updateComment({ owner: OWNER, repo: REPO, comment_id: created.data.id, body: '<!-- substrate-gitops -->\nplan v2' });
    expect(updated.data.body).toBe('<!-- substrate-gitops -->\nplan v2');
    const listed = await octokit.paginate(octokit.issues.listComments, { owner: OWNER, repo: REPO, issue_number: 7, per_page: 1 });
    expect(listed.map((c) => [c.user?.login, c.body])).toEqual([
      ['bob', 'looks good to me'],
      ['test-user', '<!-- substrate-gitops -->\nplan v2'],
    ]);
    await octokit.issues.deleteComment({ owner: OWNER, repo: REPO, comment_id: created.data.id });
    expect(standIn.state.comments.map((c) => c.body)).toEqual(['looks good to me']);
    assertNoViolations(standIn);
  });

  it('creates reviews and dismisses only those GitHub lets you dismiss', async () => {
    const request = await octokit.pulls.createReview({ owner: OWNER, repo: REPO, pull_number: 7, event: 'REQUEST_CHANGES', body: 'policy failed', commit_id: headSha });
    expect(request.data).toMatchObject({ state: 'CHANGES_REQUESTED', commit_id: headSha });
    const comment = await octokit.pulls.createReview({ owner: OWNER, repo: REPO, pull_number: 7, event: 'COMMENT', body: 'note' });
    const dismissed = await octokit.pulls.dismissReview({ owner: OWNER, repo: REPO, pull_number: 7, review_id: request.data.id, message: 'fixed' });
    expect(dismissed.data.state).toBe('DISMISSED');
    await expect(octokit.pulls.dismissReview({ owner: OWNER, repo: REPO, pull_number: 7, review_id: comment.data.id, message: 'x' })).rejects.toMatchObject({ status: 422 });
    expect(standIn.violations.splice(0)).toEqual([expect.stringMatching(/can not dismiss a commented/)]);
    const reviews = await octokit.pulls.listReviews({ owner: OWNER, repo: REPO, pull_number: 7 });
    expect(reviews.data.map((r) => r.state)).toEqual(['DISMISSED', 'COMMENTED']);
  });

  it('serves the pull request, its files and a comparison from the real repository', async () => {
    const pr = await octokit.pulls.get({ owner: OWNER, repo: REPO, pull_number: 7 });
    expect(pr.data).toMatchObject({ number: 7, head: { sha: headSha, ref: 'feature/more-validators', repo: { fork: false } }, base: { sha: baseSha, ref: 'main' }, user: { login: 'alice' } });
    const files = await octokit.pulls.listFiles({ owner: OWNER, repo: REPO, pull_number: 7 });
    expect(files.data.map((f) => [f.filename, f.status, f.additions, f.deletions])).toEqual([
      ['README.md', 'removed', 0, 1],
      ['networks/rococo/validators.yaml', 'added', 1, 0],
    ]);
    expect(files.data[1]!.patch).toBe('@@ -0,0 +1 @@\n+replicas: 12');
    const comparison = await octokit.repos.compareCommitsWithBasehead({ owner: OWNER, repo: REPO, basehead: `main...feature/more-validators` });
    expect(comparison.data).toMatchObject({ status: 'ahead', ahead_by: 1, behind_by: 0, merge_base_commit: { sha: baseSha } });
    expect(comparison.data.commits.map((c) => c.commit.message)).toEqual(['More validators']);
    const repoInfo = await octokit.repos.get({ owner: OWNER, repo: REPO });
    expect(repoInfo.data.default_branch).toBe('main');
    assertNoViolations(standIn);
  });

  it('serves file and folder contents at a ref', async () => {
    const file = await octokit.repos.getContent({ owner: OWNER, repo: REPO, path: 'networks/rococo/validators.yaml', ref: 'feature/more-validators' });
    expect(Array.isArray(file.data)).toBe(false);
    const data = file.data as { type: string; content: string; encoding: string };
    expect(Buffer.from(data.content, 'base64').toString('utf8')).toBe('replicas: 12\n');
    const folder = await octokit.repos.getContent({ owner: OWNER, repo: REPO, path: 'networks/rococo', ref: baseSha });
    expect((folder.data as { name: string }[]).map((e) => e.name)).toEqual(['network.yaml']);
    await expect(octokit.repos.getContent({ owner: OWNER, repo: REPO, path: 'networks/rococo/validators.yaml', ref: 'main' })).rejects.toMatchObject({ status: 404 });
    assertNoViolations(standIn);
  });

  it("downloads a tarball through GitHub's redirect, laid out under one top-level folder", async () => {
    const response = await octokit.repos.downloadTarballArchive({ owner: OWNER, repo: REPO, ref: 'feature/more-validators' });
    const files = await untar(response.data as ArrayBuffer);
    const top = `${OWNER}-${REPO}-${headSha.slice(0, 7)}/`;
    expect([...files.keys()].every((name) => name.startsWith(top))).toBe(true);
    expect(files.get(`${top}networks/rococo/validators.yaml`)).toBe('replicas: 12\n');
    expect(files.has(`${top}README.md`)).toBe(false);
    expect(standIn.requests.slice(-2).map((r) => [r.operationId, r.status])).toEqual([
      ['repos/download-tarball-archive', 302],
      ['codeload', 200],
    ]);
    assertNoViolations(standIn);
  });

  it('fails the next matching request as asked, then answers normally', async () => {
    standIn.failNext('repos/create-commit-status', { status: 500 });
    const params = { owner: OWNER, repo: REPO, sha: headSha, state: 'pending' as const, context: 'substrate-gitops/sync' };
    await expect(octokit.repos.createCommitStatus(params)).rejects.toMatchObject({ status: 500 });
    const ok = await octokit.repos.createCommitStatus(params);
    expect(ok.status).toBe(201);
    const statusCalls = standIn.requests.filter((r) => r.operationId === 'repos/create-commit-status');
    expect(statusCalls.map((r) => r.status)).toEqual([500, 201]);
    standIn.failNext(/^POST .*\/statuses\//, { status: 403, headers: { 'x-ratelimit-remaining': '0', 'retry-after': '1' }, times: 2 });
    const limited = await octokit.repos.createCommitStatus(params).catch((e: { status: number; response: { headers: Record<string, string> } }) => e);
    expect(limited).toMatchObject({ status: 403, response: { headers: { 'x-ratelimit-remaining': '0', 'retry-after': '1' } } });
    await expect(octokit.repos.createCommitStatus(params)).rejects.toMatchObject({ status: 403 });
    expect((await octokit.repos.createCommitStatus(params)).status).toBe(201);
    expect(standIn.state.statuses).toHaveLength(2);
    assertNoViolations(standIn);
  });
});

describe('the GitHub stand-in as a GitHub App sees it', () => {
  it('accepts only JWTs signed with the app key and hands out installation tokens that work', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const app = await startGitHubStandIn({ repos: { [`${OWNER}/${REPO}`]: { dir: repo.dir } }, appId: 42, privateKey, installationId: 9 });
    try {
      const asApp = new Octokit({ baseUrl: app.apiUrl, authStrategy: createAppAuth, auth: { appId: 42, privateKey } });
      const installation = await asApp.apps.getRepoInstallation({ owner: OWNER, repo: REPO });
      expect(installation.data.id).toBe(9);
      const asInstallation = new Octokit({ baseUrl: app.apiUrl, authStrategy: createAppAuth, auth: { appId: 42, privateKey, installationId: 9 } });
      const comment = await asInstallation.issues.createComment({ owner: OWNER, repo: REPO, issue_number: 1, body: 'hello' });
      expect(comment.data.user).toMatchObject({ login: 'substrate-gitops[bot]', type: 'Bot' });
      expect(app.requests.map((r) => [r.operationId, r.auth])).toEqual([
        ['apps/get-repo-installation', 'app'],
        ['apps/create-installation-access-token', 'app'],
        ['issues/create-comment', 'installation'],
      ]);
      assertNoViolations(app);

      const impostor = new Octokit({ baseUrl: app.apiUrl, authStrategy: createAppAuth, auth: { appId: 42, privateKey: other.privateKey } });
      await expect(impostor.apps.getRepoInstallation({ owner: OWNER, repo: REPO })).rejects.toMatchObject({ status: 401 });
      const stale = new Octokit({ baseUrl: app.apiUrl, auth: 'ghs_notissuedbythisserver' });
      await expect(stale.repos.get({ owner: OWNER, repo: REPO })).rejects.toMatchObject({ status: 401 });
      expect(app.violations).toEqual([expect.stringMatching(/signature does not match/), expect.stringMatching(/unknown installation token/)]);
    } finally {
      await app.close();
    }
  });
});
