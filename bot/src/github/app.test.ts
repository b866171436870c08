// The real Probot app, over real HTTP, against the GitHub stand-in serving real git
// repositories, running the real pipeline (kustomize, kubeconform, conftest).
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, type FileMap, type TestRepo } from '../../test/github/gitRepo.js';
import { assertNoViolations } from '../../test/github/server.js';
import { partOf } from '../report/split.js';
import { EnvironmentError } from '../errors.js';
import type { AppDeps } from './app.js';
import { CHECK_RUN_NAMES } from './checkRuns.js';
import { networkWithRpc, repositoryFiles, RPC_IMAGE_FILE } from './fixture.js';
import { startBot, waitFor, type RunningBot } from './harness.js';

const BOT_LOGIN = 'substrate-gitops[bot]';
const PR = 12;

interface Scenario {
  bot: RunningBot;
  repo: TestRepo;
  baseSha: string;
  headSha: string;
  /** Push another commit to the pull request branch; returns its sha. */
  push(files: FileMap): Promise<string>;
  target(headSha?: string): { number: number; head: { sha: string; ref: string }; base: { sha: string; ref: string }; sender?: { login: string; type?: 'User' | 'Bot' }; forkOwner?: string };
}

const running: Scenario[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) {
    await s.bot.close();
    await s.repo.remove();
  }
});

async function scenario(change: FileMap, options: { base?: FileMap; author?: { login: string; type?: 'User' | 'Bot' }; fork?: boolean; botOptions?: Parameters<typeof startBot>[0]['octokit']; deps?: AppDeps } = {}): Promise<Scenario> {
  const repo = await createRepo({ ...repositoryFiles(), ...options.base });
  const baseSha = await repo.sha();
  await repo.branch('feature');
  const headSha = await repo.commit(change, 'change');
  const bot = await startBot({ repoDir: repo.dir, ...(options.botOptions ? { octokit: options.botOptions } : {}), ...(options.deps ? { deps: options.deps } : {}) });
  const author = options.author ?? { login: 'alice', type: 'User' as const };
  bot.standIn.setPullRequest(PR, { head: { ref: 'feature', ...(options.fork ? { repo: `${'forker'}/testnets` } : {}) }, base: { ref: 'main' }, user: author });
  const s: Scenario = {
    bot,
    repo,
    baseSha,
    headSha,
    push: (files) => repo.commit(files, 'another change'),
    target: (sha = headSha) => ({ number: PR, head: { sha, ref: 'feature' }, base: { sha: baseSha, ref: 'main' }, sender: author, ...(options.fork ? { forkOwner: 'forker' } : {}) }),
  };
  running.push(s);
  return s;
}

const runsFor = (s: Scenario, sha: string) => s.bot.standIn.state.checkRuns.filter((r) => r.head_sha === sha);
const completed = (s: Scenario, sha: string) => runsFor(s, sha).filter((r) => r.status === 'completed');
const botComments = (s: Scenario) => s.bot.standIn.state.comments.filter((c) => c.user.login === BOT_LOGIN);
const reportParts = (s: Scenario) => botComments(s).filter((c) => partOf(c.body) !== undefined);

async function opened(s: Scenario, action = 'opened', sha = s.headSha): Promise<void> {
  const response = await s.bot.send('pull_request', action, s.target(sha));
  expect(response.status).toBe(200);
  await waitFor(() => completed(s, sha).length === CHECK_RUN_NAMES.length, `every check run completed on ${sha}`);
}

const bump = (network: string, tag: string) => ({ [RPC_IMAGE_FILE(network)]: networkWithRpc(network, `docker.io/parity/polkadot:${tag}`)[RPC_IMAGE_FILE(network)]! });

describe('the pull-request app', () => {
  it('passes a low-risk image bump: every check run successful, one comment, an approval of the exact commit', async () => {
    const s = await scenario(bump('alpha', 'v1.17.2'));
    await opened(s);
    const runs = runsFor(s, s.headSha);
    expect(runs.map((r) => r.name).sort()).toEqual([...CHECK_RUN_NAMES].sort());
    expect(runs.every((r) => r.conclusion === 'success')).toBe(true);
    expect(reportParts(s)).toHaveLength(1);
    expect(reportParts(s)[0]!.body).toContain('networks/alpha');
    const reviews = s.bot.standIn.state.reviews;
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ state: 'APPROVED', commit_id: s.headSha, user: { login: BOT_LOGIN } });
    expect(reviews[0]!.body).toContain('image bump docker.io/parity/polkadot:v1.17.1 → docker.io/parity/polkadot:v1.17.2');
    // Check runs were created in_progress before any was completed.
    const checkCalls = s.bot.standIn.requests.filter((r) => r.operationId === 'checks/create' || r.operationId === 'checks/update');
    expect(checkCalls.slice(0, CHECK_RUN_NAMES.length).map((r) => [r.operationId, (r.body as { status?: string }).status])).toEqual(Array(CHECK_RUN_NAMES.length).fill(['checks/create', 'in_progress']));
    assertNoViolations(s.bot.standIn);
  });

  it('updates the same comment in place on the next push, and dismisses its approval when the new head is risky', async () => {
    const s = await scenario(bump('alpha', 'v1.17.2'));
    await opened(s);
    const [comment] = reportParts(s);
    const firstBody = comment!.body;
    const second = await s.push({
      'networks/alpha/validators.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: validator\nspec:\n  replicas: 3\n',
      'networks/alpha/kustomization.yaml': 'namespace: alpha\nresources:\n- ../../apps/node\n- ../../apps/rpc\npatches:\n- path: rpc.yaml\n- path: validators.yaml\n',
    });
    await opened(s, 'synchronize', second);
    const parts = reportParts(s);
    expect(parts).toHaveLength(1);
    expect(parts[0]!.id).toBe(comment!.id);
    expect(parts[0]!.body).not.toBe(firstBody);
    const patched = s.bot.standIn.requests.filter((r) => r.operationId === 'issues/update-comment');
    expect(patched.map((r) => r.path)).toEqual([`/repos/acme/testnets/issues/comments/${comment!.id}`]);
    expect(s.bot.standIn.requests.filter((r) => r.operationId === 'issues/create-comment')).toHaveLength(1);
    const reviews = s.bot.standIn.state.reviews;
    expect(reviews[0]).toMatchObject({ state: 'DISMISSED', commit_id: s.headSha });
    expect(reviews[1]).toMatchObject({ state: 'COMMENTED', commit_id: second });
    expect(reviews[1]!.body).toMatch(/not low-risk/);
    expect(reviews[1]!.body).toContain('@carol, @acme/testnets');
    assertNoViolations(s.bot.standIn);
  });

  it('fails the policy check on a :latest image with an annotation at the file and line', async () => {
    const change = bump('alpha', 'latest');
    // The finding points at the image line of the patch that set the image.
    const imageLine = change[RPC_IMAGE_FILE('alpha')]!.split('\n').findIndex((l) => l.includes('image: docker.io/parity/polkadot:latest')) + 1;
    expect(imageLine).toBeGreaterThan(1);
    const s = await scenario(change);
    await opened(s);
    const policy = runsFor(s, s.headSha).find((r) => r.name === 'substrate-gitops / policy')!;
    expect(policy.conclusion).toBe('failure');
    const latest = policy.annotations.filter((a) => a.title?.startsWith('SG-IMG-001'));
    expect(latest.length).toBeGreaterThan(0);
    expect(latest[0]).toMatchObject({ path: RPC_IMAGE_FILE('alpha'), start_line: imageLine, end_line: imageLine, annotation_level: 'failure', title: 'SG-IMG-001' });
    expect(latest[0]!.message).toContain('docker.io/parity/polkadot:latest');
    expect(s.bot.standIn.state.reviews.filter((r) => r.state === 'APPROVED')).toHaveLength(0);
    assertNoViolations(s.bot.standIn);
  });

  it('requests changes when key material is added, and never sends or logs it', async () => {
    const phrase = mnemonicGenerate(12);
    const configMap = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: notes', 'data:', `  seed: "${phrase}"`, ''].join('\n');
    // 55 more in a file that is not rendered: more annotations than one request may carry.
    const more = Array.from({ length: 55 }, () => mnemonicGenerate(12));
    const s = await scenario({
      'networks/alpha/seeds.txt': more.map((p, i) => `node-${i}: ${p}`).join('\n') + '\n',
      'networks/alpha/notes.yaml': configMap,
      'networks/alpha/kustomization.yaml': 'namespace: alpha\nresources:\n- ../../apps/node\n- ../../apps/rpc\n- notes.yaml\npatches:\n- path: rpc.yaml\n',
    });
    await opened(s);
    const keys = runsFor(s, s.headSha).find((r) => r.name === 'substrate-gitops / key hygiene')!;
    expect(keys.conclusion).toBe('failure');
    expect(keys.annotations.map((a) => [a.path, a.start_line])).toContainEqual(['networks/alpha/notes.yaml', 6]);
    expect(keys.annotations.filter((a) => a.path === 'networks/alpha/seeds.txt').map((a) => a.start_line)).toEqual(more.map((_, i) => i + 1));
    // All 56 sent: 50 with an update, the rest with the completing update.
    const updates = s.bot.standIn.requests.filter((r) => r.operationId === 'checks/update' && r.path.endsWith(`/${keys.id}`));
    expect(updates.map((r) => [(r.body as { conclusion?: string }).conclusion, (r.body as { output: { annotations?: unknown[] } }).output.annotations?.length])).toEqual([[undefined, 50], ['failure', 6]]);
    expect(s.bot.standIn.state.reviews.map((r) => r.state)).toEqual(['CHANGES_REQUESTED']);
    const sent = s.bot.standIn.requests.map((r) => JSON.stringify(r.body ?? '')).join('\n');
    const logged = s.bot.logs.join('\n');
    for (const secret of [phrase, ...more]) {
      const firstWords = secret.split(' ').slice(0, 4).join(' ');
      expect(sent.includes(secret) || sent.includes(firstWords)).toBe(false);
      expect(logged.includes(secret) || logged.includes(firstWords)).toBe(false);
    }
    // The diff of the ConfigMap was in the report, with the line withheld.
    expect(reportParts(s)[0]!.body).toContain('line withheld by substrate-gitops');
    assertNoViolations(s.bot.standIn);
  });

  it('continues a diff over 65,536 characters in numbered parts, and deletes them when no longer needed', async () => {
    const script = Array.from({ length: 2_500 }, (_, i) => `    echo "bootstrap step ${i}: waiting for the relay chain to finalize"`).join('\n');
    const configMap = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: bootstrap', 'data:', '  run.sh: |', script, ''].join('\n');
    const s = await scenario({
      'networks/alpha/bootstrap.yaml': configMap,
      'networks/alpha/kustomization.yaml': 'namespace: alpha\nresources:\n- ../../apps/node\n- ../../apps/rpc\n- bootstrap.yaml\npatches:\n- path: rpc.yaml\n',
    });
    await opened(s);
    const parts = reportParts(s);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    expect(parts.map((p) => partOf(p.body))).toEqual(parts.map((_, i) => i + 1));
    expect(parts.every((p) => p.body.length <= 65_536)).toBe(true);
    expect(parts[1]!.body).toContain(`part 2/${parts.length}`);
    const first = parts[0]!.id;
    const next = await s.push({ 'networks/alpha/bootstrap.yaml': null, 'networks/alpha/kustomization.yaml': networkWithRpc('alpha')['networks/alpha/kustomization.yaml']!, ...bump('alpha', 'v1.17.3') });
    await opened(s, 'synchronize', next);
    const after = reportParts(s);
    expect(after.map((p) => p.id)).toEqual([first]);
    expect(s.bot.standIn.requests.filter((r) => r.operationId === 'issues/delete-comment')).toHaveLength(parts.length - 1);
    assertNoViolations(s.bot.standIn);
  });

  it('rejects a webhook with a forged or missing signature and does nothing', async () => {
    const s = await scenario(bump('alpha', 'v1.17.2'));
    for (const signature of ['wrong', 'missing'] as const) {
      const response = await s.bot.send('pull_request', 'opened', s.target(), { signature });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
    expect(s.bot.standIn.requests).toEqual([]);
  });

  it('checks a pull request from a fork the same way, offline', async () => {
    const s = await scenario(bump('alpha', 'v1.17.2'), { fork: true });
    await opened(s);
    expect(runsFor(s, s.headSha).every((r) => r.conclusion === 'success')).toBe(true);
    expect(s.bot.logs.some((l) => l.includes('comes from a fork'))).toBe(true);
    assertNoViolations(s.bot.standIn);
  });

  it('retries a 5xx on check-run creation and a rate limit with retry-after, then completes them all', async () => {
    const s = await scenario(bump('alpha', 'v1.17.2'));
    s.bot.standIn.failNext('checks/create', { status: 502 });
    s.bot.standIn.failNext('checks/update', { status: 429, headers: { 'retry-after': '1' } });
    await opened(s);
    const creates = s.bot.standIn.requests.filter((r) => r.operationId === 'checks/create');
    expect(creates.map((r) => r.status).sort()).toEqual([...Array<number>(CHECK_RUN_NAMES.length).fill(201), 502]);
    expect(s.bot.standIn.requests.filter((r) => r.operationId === 'checks/update').some((r) => r.status === 429)).toBe(true);
    expect(runsFor(s, s.headSha)).toHaveLength(CHECK_RUN_NAMES.length);
    expect(completed(s, s.headSha).every((r) => r.conclusion === 'success')).toBe(true);
    assertNoViolations(s.bot.standIn);
  });

  it('ends every check run as failed, saying why, when GitHub keeps failing', async () => {
    const s = await scenario(bump('alpha', 'v1.17.2'));
    s.bot.standIn.failNext('repos/download-tarball-archive', { status: 500, times: 8 });
    await opened(s);
    for (const run of runsFor(s, s.headSha)) {
      expect(run.conclusion).toBe('failure');
      expect(run.output.summary).toMatch(/could not complete: GitHub answered 500/);
    }
    assertNoViolations(s.bot.standIn);
  });

  it('fails every check run naming the file when the head holds a file over the per-file limit, and keeps serving', async () => {
    // GitHub takes files up to 100 MB; 25 MB is over the default 20 MiB per-file limit.
    const s = await scenario({ ...bump('alpha', 'v1.17.2'), 'assets/blob.bin': 'x'.repeat(25 * 1024 * 1024) });
    await opened(s);
    for (const run of runsFor(s, s.headSha)) {
      expect(run.conclusion).toBe('failure');
      expect(run.output.title).toMatch(/cannot be checked/);
      expect(run.output.summary).toMatch(/assets\/blob\.bin is 26214400 bytes, over the per-file limit of 20971520; raise limits\.tarball\.maxFileBytes/);
    }
    // The same bot answers the next push (the file removed) with a full, passing check.
    const next = await s.push({ 'assets/blob.bin': null });
    await opened(s, 'synchronize', next);
    expect(completed(s, next).map((r) => r.conclusion)).toEqual(CHECK_RUN_NAMES.map(() => 'success'));
    assertNoViolations(s.bot.standIn);
  });

  it('fails every check run as a problem of the repository when the archive is larger than the configured limit', async () => {
    const s = await scenario(bump('alpha', 'v1.17.2'), { base: { '.github/substrate-gitops.yml': 'limits:\n  tarball:\n    maxTotalBytes: 1024\n' } });
    await opened(s);
    for (const run of runsFor(s, s.headSha)) {
      expect(run.conclusion).toBe('failure');
      expect(run.output.title).toMatch(/cannot be checked/);
      expect(run.output.summary).toMatch(/bytes compressed, over limits\.tarball\.maxTotalBytes \(1024\)/);
    }
    assertNoViolations(s.bot.standIn);
  });

  it('fails every check run as an environment problem, never a pass, when the bot lacks a tool', async () => {
    const missing = new EnvironmentError('neither kustomize nor kubectl is installed', 'install kubectl ≥ 1.27 (it includes kustomize) and re-run');
    const s = await scenario(bump('alpha', 'v1.17.2'), { deps: { runChecks: () => Promise.reject(missing) } });
    await opened(s);
    const runs = runsFor(s, s.headSha);
    expect(runs).toHaveLength(CHECK_RUN_NAMES.length);
    for (const run of runs) {
      expect(run.conclusion).toBe('failure');
      expect(run.output.title).toMatch(/environment problem/);
      expect(run.output.summary).toMatch(/environment problem on the bot's side, not caused by this pull request: neither kustomize nor kubectl is installed — install kubectl/);
    }
    expect(s.bot.standIn.state.reviews).toEqual([]);
    assertNoViolations(s.bot.standIn);
  });

  it('takes over its own check run left open on the commit instead of duplicating it', async () => {
    const s = await scenario(bump('alpha', 'v1.17.2'));
    const at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    s.bot.standIn.state.checkRuns.push({
      id: 999_001, repo: 'acme/testnets', name: 'substrate-gitops / policy', head_sha: s.headSha, status: 'in_progress', conclusion: null, started_at: at, completed_at: null,
      details_url: null, external_id: null, output: { title: null, summary: null, text: null }, annotations: [], actions: [], app_id: 4242,
    });
    await opened(s);
    expect(runsFor(s, s.headSha)).toHaveLength(CHECK_RUN_NAMES.length);
    expect(runsFor(s, s.headSha).find((r) => r.id === 999_001)).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(s.bot.standIn.requests.filter((r) => r.operationId === 'checks/create')).toHaveLength(CHECK_RUN_NAMES.length - 1);
    assertNoViolations(s.bot.standIn);
  });

  it('processes a replayed delivery id at most once', async () => {
    const s = await scenario(bump('alpha', 'v1.17.2'));
    const first = await s.bot.send('pull_request', 'opened', s.target());
    await waitFor(() => completed(s, s.headSha).length === CHECK_RUN_NAMES.length, 'first run');
    const replay = await s.bot.send('pull_request', 'opened', s.target(), { deliveryId: first.deliveryId });
    expect(replay.status).toBe(200);
    expect(runsFor(s, s.headSha)).toHaveLength(CHECK_RUN_NAMES.length);
    expect(s.bot.logs.some((l) => l.includes('already processed'))).toBe(true);
  });

  it('never approves a pull request opened by a bot', async () => {
    const s = await scenario(bump('alpha', 'v1.17.2'), { author: { login: 'renovate[bot]', type: 'Bot' } });
    await opened(s);
    expect(completed(s, s.headSha).every((r) => r.conclusion === 'success')).toBe(true);
    expect(s.bot.standIn.state.reviews.map((r) => r.state)).toEqual(['COMMENTED']);
    expect(s.bot.standIn.state.reviews[0]!.body).toMatch(/opened by a bot/);
    assertNoViolations(s.bot.standIn);
  });

  it('re-runs on a /check comment and posts the plan on /plan', async () => {
    const s = await scenario(bump('alpha', 'v1.17.2'));
    const response = await s.bot.send('issue_comment', 'created', { ...s.target(), commentBody: '/check' });
    expect(response.status).toBe(200);
    await waitFor(() => completed(s, s.headSha).length === CHECK_RUN_NAMES.length, 'check runs after /check');
    await s.bot.send('issue_comment', 'created', { ...s.target(), commentBody: '/plan please' });
    await waitFor(() => botComments(s).some((c) => c.body.startsWith('On-chain plan for commit')), 'the /plan comment');
    // A comment that merely mentions it does not trigger anything.
    const before = s.bot.standIn.requests.length;
    await s.bot.send('issue_comment', 'created', { ...s.target(), commentBody: 'should we run /check?' });
    expect(s.bot.standIn.requests.length).toBe(before);
    assertNoViolations(s.bot.standIn);
  });

  it('re-runs when a check suite or a check run is re-requested', async () => {
    const s = await scenario(bump('alpha', 'v1.17.2'));
    for (const event of ['check_suite', 'check_run'] as const) {
      const before = s.bot.standIn.requests.filter((r) => r.operationId === 'checks/create').length;
      const response = await s.bot.send(event, 'rerequested', s.target());
      expect(response.status).toBe(200);
      await waitFor(() => completed(s, s.headSha).length === before + CHECK_RUN_NAMES.length, `check runs after ${event}.rerequested`);
      expect(s.bot.standIn.requests.filter((r) => r.operationId === 'checks/create')).toHaveLength(before + CHECK_RUN_NAMES.length);
    }
    // Approved once: the second run does not approve the same commit again.
    expect(s.bot.standIn.state.reviews.map((r) => r.state)).toEqual(['APPROVED']);
    assertNoViolations(s.bot.standIn);
  });

  it('turns an invalid .github/substrate-gitops.yml at the base into failing check runs carrying the problem', async () => {
    const s = await scenario(bump('alpha', 'v1.17.2'), { base: { '.github/substrate-gitops.yml': 'approvals:\n  enabled: maybe\n' } });
    await opened(s);
    for (const run of runsFor(s, s.headSha)) {
      expect(run.conclusion).toBe('failure');
      expect(run.output.summary).toContain('.github/substrate-gitops.yml:2: approvals.enabled: must be boolean');
    }
    assertNoViolations(s.bot.standIn);
  });

  it('ignores pull requests into other branches', async () => {
    const s = await scenario(bump('alpha', 'v1.17.2'));
    const response = await s.bot.send('pull_request', 'opened', { ...s.target(), base: { sha: s.baseSha, ref: 'release' } });
    expect(response.status).toBe(200);
    expect(s.bot.standIn.state.checkRuns).toEqual([]);
    expect(s.bot.logs.some((l) => l.includes('not the configured base branch main'))).toBe(true);
  });
});
