// The post-merge run end to end on real peers: a kube-apiserver (journal ConfigMaps, the
// Application watch, the Lease, all with the bot's own token), the GitHub stand-in (statuses,
// the pull-request comment), a JSON-RPC WebSocket node on loopback (system_health), and a
// real git repository. Only the chain executor is a recording stand-in: it writes the step
// states to the journal as the real one does, and logs what it was asked to do.
import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { Probot } from 'probot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { createRepo, type TestRepo } from '../../test/github/gitRepo.js';
import { assertNoViolations, startGitHubStandIn, type GitHubStandIn } from '../../test/github/server.js';
import { ApplicationWatcher } from '../cluster/applicationWatch.js';
import { APPLICATIONS, ARGO_NAMESPACE, type ArgoApplication } from '../cluster/argoApplication.js';
import { KubeLease } from '../cluster/lease.js';
import { RpcNodeHealthCheck } from '../cluster/nodeHealth.js';
import { ConfigMapJournal } from '../journal/configMapJournal.js';
import { entryId } from '../journal/entries.js';
import { planOf } from '../journal/journalContract.js';
import type { JournalEntry, StepState } from '../journal/types.js';
import { loadKubeConfig, startKubeApiServer, type KubePeer } from '../peers/kube/start.js';
import { stepId } from '../plan/types.js';
import { gitContains } from './contains.js';
import { GitHubReporter, type ReporterOctokit } from './githubReporter.js';
import { PostMerge, type PostMergeDeps } from './orchestrator.js';
import { leadPostMerge } from './wire.js';
import type { ChainExecutor, DeploymentWaiter, MergePlanner, MergePush, PlannedNetwork } from './types.js';

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const REPO = { owner: 'org', repo: 'testnets' };
const at = '2026-03-01T12:00:00.000Z';

let peer: KubePeer;
let admin: KubeConfig;
let repo: TestRepo;
let github: GitHubStandIn;
let octokit: ReporterOctokit;
let rpcServer: WebSocketServer;
let rpc: string;
const commits: string[] = [];

beforeAll(async () => {
  peer = await startKubeApiServer();
  admin = loadKubeConfig(peer.adminKubeconfig);
  await peer.apply(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ARGO_NAMESPACE}}\n`);
  repo = await createRepo({ 'README.md': 'testnets\n' });
  for (let i = 1; i <= 8; i++) commits.push(await repo.commit({ [`change-${i}.txt`]: `${i}\n` }, `Change ${i} (#${i})`));
  github = await startGitHubStandIn({ repos: { 'org/testnets': { dir: repo.dir } }, appId: 42, privateKey, installationId: 9 });
  octokit = (await new Probot({ appId: 42, privateKey, baseUrl: github.apiUrl, logLevel: 'fatal' }).auth(9)) as unknown as ReporterOctokit;
  rpcServer = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => rpcServer.once('listening', resolve));
  rpc = `ws://127.0.0.1:${(rpcServer.address() as AddressInfo).port}`;
  rpcServer.on('connection', (socket) =>
    socket.on('message', (data) => {
      const request = JSON.parse(data.toString()) as { id: number };
      socket.send(JSON.stringify({ jsonrpc: '2.0', id: request.id, result: { peers: 4, isSyncing: false, shouldHavePeers: true } }));
    }),
  );
});

afterAll(async () => {
  await new Promise((resolve) => rpcServer?.close(resolve));
  await github?.close();
  await repo?.remove();
  await peer?.stop();
});

const bot = () => loadKubeConfig(peer.botKubeconfig);
const apps = () => admin.makeApiClient(CustomObjectsApi);
const sync = (revision: string, phase = 'Succeeded') => ({ operation: { sync: { revision } }, phase, startedAt: '2026-03-01T10:00:00Z', finishedAt: '2026-03-01T10:01:00Z', syncResult: { revision } });
const healthyAfterSync = { status: 'Healthy', lastTransitionTime: '2026-03-01T10:02:00Z' };

async function createApplication(name: string, status?: ArgoApplication['status']): Promise<void> {
  await apps().createNamespacedCustomObject({
    ...APPLICATIONS,
    namespace: ARGO_NAMESPACE,
    body: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name, namespace: ARGO_NAMESPACE }, spec: { project: 'default', source: { repoURL: 'https://example.invalid/r.git', path: `networks/${name}` }, destination: { server: 'https://kubernetes.default.svc', namespace: name } } },
  });
  if (status) await writeStatus(name, status);
}

async function writeStatus(name: string, status: ArgoApplication['status']): Promise<void> {
  await apps().patchNamespacedCustomObject({ ...APPLICATIONS, namespace: ARGO_NAMESPACE, name, body: { status } }, mergePatch);
}

/** Plans given by the test, one network per push; the real planner has its own tests. */
function plannerFor(plans: Record<string, PlannedNetwork[]>): MergePlanner {
  return { plan: async (push: MergePush) => ({ planned: plans[push.after] ?? [], refused: [] }) };
}

/** Writes step states as the real executor does, and logs each request and its end. */
function recordingExecutor(log: string[], hold: Map<string, Promise<void>> = new Map()): ChainExecutor & { requests: { commit: string; resolve: string[]; submit: string[] }[] } {
  const requests: { commit: string; resolve: string[]; submit: string[] }[] = [];
  return {
    requests,
    async execute({ entry, journal, resolve, submit }) {
      requests.push({ commit: entry.commit, resolve: resolve.map(stepId), submit: submit.map(stepId) });
      log.push(`execute ${entry.network}@${entry.commit.slice(0, 7)}`);
      await hold.get(entry.commit);
      const set = (id: string, state: StepState) => journal.update(entry.id, (e) => ({ ...e, steps: { ...e.steps, [id]: state } }));
      for (const step of resolve) {
        const submitted = entry.steps[stepId(step)] as Extract<StepState, { state: 'submitted' }>;
        await set(stepId(step), { state: 'included', extrinsicHash: submitted.extrinsicHash, blockHash: '0xb1', blockNumber: 11, at });
      }
      for (const step of submit) {
        await set(stepId(step), { state: 'submitted', extrinsicHash: `0x${stepId(step).length.toString(16)}`, nonce: 1, signer: '5Operator', at });
        await set(stepId(step), { state: 'included', extrinsicHash: `0x${stepId(step).length.toString(16)}`, blockHash: '0xb2', blockNumber: 12, at });
      }
      log.push(`executed ${entry.network}@${entry.commit.slice(0, 7)}`);
    },
  };
}

/** The real watcher, logging which commit is waited for and every gate verdict. */
function loggingWaiter(log: string[], onVerdict?: (kind: string, reason?: string) => void): DeploymentWaiter {
  const watcher = new ApplicationWatcher(bot(), {
    contains: gitContains(repo.dir),
    onEvent: (event) => {
      if (event.type !== 'observed') return;
      log.push(`gate ${event.result.kind}`);
      onVerdict?.(event.result.kind, 'reason' in event.result ? event.result.reason : undefined);
    },
  });
  return {
    waitForDeployment: (network, commit, options) => {
      log.push(`wait ${network}@${commit.slice(0, 7)}`);
      return watcher.waitForDeployment(network, commit, options);
    },
  };
}

function postMerge(overrides: Partial<PostMergeDeps> & Pick<PostMergeDeps, 'planner' | 'waiter' | 'executor'>): PostMerge {
  return new PostMerge({
    journal: new ConfigMapJournal(bot()),
    health: new RpcNodeHealthCheck({ minPeers: 2 }),
    reporter: new GitHubReporter(octokit, REPO),
    ...overrides,
  });
}

const statusesOf = (sha: string, network: string) => github.state.statuses.filter((s) => s.sha === sha && s.context === `substrate-gitops/chain: ${network}`).map((s) => s.state);
const commentsOn = (pr: number) => github.state.comments.filter((c) => c.issue_number === pr);

describe('after a merge', () => {
  it('waits through another revision and a Progressing sync, and executes only once Argo CD reports Healthy', async () => {
    const network = 'gate-net';
    const merged = commits[0]!;
    const other = (await repo.sha('HEAD~8'));
    await createApplication(network, { operationState: sync(other), health: healthyAfterSync });
    const log: string[] = [];
    const writes: Promise<void>[] = [];
    const waiter = loggingWaiter(log, (kind, reason) => {
      // Argo CD moves on only after the bot has judged the previous state.
      if (kind === 'other-revision') writes.push(writeStatus(network, { operationState: sync(merged), health: { status: 'Progressing', lastTransitionTime: '2026-03-01T10:00:30Z' } }));
      if (kind === 'waiting' && reason?.includes('Progressing')) writes.push(writeStatus(network, { operationState: sync(merged), health: healthyAfterSync }));
    });
    const executor = recordingExecutor(log);
    const run = postMerge({ planner: plannerFor({ [merged]: [{ plan: planOf(network, ['validator-0', 'validator-1']), rpc }] }), waiter, executor });
    const recorded = await run.onPush({ before: other, after: merged, pullRequest: 1 });
    expect(recorded.map((e) => [e.id, e.status, e.sequence])).toEqual([[entryId(network, merged), 'waiting-for-sync', 1]]);
    await run.idle();
    await Promise.all(writes);

    expect(log).toEqual([`wait ${network}@${merged.slice(0, 7)}`, 'gate other-revision', 'gate waiting', 'gate deployed', `execute ${network}@${merged.slice(0, 7)}`, `executed ${network}@${merged.slice(0, 7)}`]);
    const entry = (await new ConfigMapJournal(bot()).get(entryId(network, merged)))!;
    expect(entry.status).toBe('done');
    expect(Object.values(entry.steps).map((s) => s.state)).toEqual(['included', 'included']);
    expect(statusesOf(merged, network)).toEqual(['pending', 'pending', 'success']);
    // One comment, updated in place as the run progressed.
    expect(commentsOn(1)).toHaveLength(1);
    expect(entry.commentId).toBe(commentsOn(1)[0]!.id);
    expect(commentsOn(1)[0]!.body).toContain('the chain matches the merge');
    expect(commentsOn(1)[0]!.body).toContain('included in block #12');
    assertNoViolations(github);
  });

  it('gives up when Argo CD stays on another revision, reports it, and never calls the executor', async () => {
    const network = 'stuck-net';
    const merged = commits[1]!;
    await createApplication(network, { operationState: sync(commits[0]!), health: healthyAfterSync });
    const log: string[] = [];
    const executor = recordingExecutor(log);
    const run = postMerge({ planner: plannerFor({ [merged]: [{ plan: planOf(network, ['validator-0']), rpc }] }), waiter: loggingWaiter(log), executor, syncTimeoutMs: 1_500 });
    await run.onPush({ before: commits[0]!, after: merged, pullRequest: 2 });
    await run.idle();
    expect(executor.requests).toEqual([]);
    const entry = (await new ConfigMapJournal(bot()).get(entryId(network, merged)))!;
    expect(entry.status).toBe('failed');
    expect(entry.reason).toMatch(/^Argo CD did not deploy it: gave up after 2 s; last seen: Argo CD's last sync is of [0-9a-f]{12}, which does not contain the merged commit$/);
    expect(statusesOf(merged, network)).toEqual(['pending', 'failure']);
    expect(commentsOn(2)[0]!.body).toContain('not applied');
    assertNoViolations(github);
  });

  it('reports a network that has no Application, and does not act', async () => {
    const network = 'ghost-net';
    const merged = commits[2]!;
    const log: string[] = [];
    const executor = recordingExecutor(log);
    const run = postMerge({ planner: plannerFor({ [merged]: [{ plan: planOf(network, ['validator-0']), rpc }] }), waiter: loggingWaiter(log), executor, syncTimeoutMs: 1_000 });
    await run.onPush({ before: commits[1]!, after: merged });
    await run.idle();
    expect(executor.requests).toEqual([]);
    const entry = (await new ConfigMapJournal(bot()).get(entryId(network, merged)))!;
    expect(entry.status).toBe('failed');
    expect(entry.reason).toContain('there is no Argo CD Application named `ghost-net`');
    // A direct push: a commit status, no comment.
    expect(statusesOf(merged, network)).toEqual(['pending', 'failure']);
  });

  it('runs two merges to the same network in merge order: the later one waits for the earlier one', async () => {
    const network = 'order-net';
    const [first, second] = [commits[3]!, commits[4]!];
    // Argo CD already runs the second merge, which contains the first: both gates pass at once.
    await createApplication(network, { operationState: sync(second), health: healthyAfterSync });
    const log: string[] = [];
    let releaseFirst!: () => void;
    let firstStarted!: () => void;
    const started = new Promise<void>((resolve) => (firstStarted = resolve));
    const hold = new Map([[first, new Promise<void>((resolve) => (releaseFirst = resolve)).then(() => undefined)]]);
    const executor = recordingExecutor(log, hold);
    const execute = executor.execute.bind(executor);
    executor.execute = async (request) => {
      if (request.entry.commit === first) firstStarted();
      return execute(request);
    };
    const plans = { [first]: [{ plan: planOf(network, ['validator-2']), rpc }], [second]: [{ plan: planOf(network, ['validator-3']), rpc }] };
    const run = postMerge({ planner: plannerFor(plans), waiter: loggingWaiter(log), executor });
    const [a, b] = await Promise.all([run.onPush({ before: commits[2]!, after: first, pullRequest: 4 }), run.onPush({ before: first, after: second, pullRequest: 5 })]);
    expect([a[0]!.sequence, b[0]!.sequence]).toEqual([1, 2]);
    await started;
    // Give the second merge every chance to overtake while the first is on chain.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    releaseFirst();
    await run.idle();
    const short = (sha: string) => `${network}@${sha.slice(0, 7)}`;
    expect(log.filter((l) => !l.startsWith('gate'))).toEqual([`wait ${short(first)}`, `execute ${short(first)}`, `executed ${short(first)}`, `wait ${short(second)}`, `execute ${short(second)}`, `executed ${short(second)}`]);
    const journal = new ConfigMapJournal(bot());
    expect((await journal.get(entryId(network, first)))!.status).toBe('done');
    expect((await journal.get(entryId(network, second)))!.status).toBe('done');
  });

  it('resumes after a crash: a submitted step is resolved, never submitted again, and a waiting entry waits again', async () => {
    const network = 'resume-net';
    const [crashed, queued] = [commits[5]!, commits[6]!];
    await createApplication(network, { operationState: sync(queued), health: healthyAfterSync });
    const journal = new ConfigMapJournal(bot());
    // What a bot killed with -9 mid-run leaves: one step broadcast, one not yet; the next merge recorded.
    const plan = planOf(network, ['validator-0', 'validator-1']);
    const [s0, s1] = plan.steps.map(stepId) as [string, string];
    await journal.record({
      id: entryId(network, crashed),
      network,
      commit: crashed,
      sequence: 1,
      plan,
      status: 'executing',
      steps: { [s0]: { state: 'submitted', extrinsicHash: '0xfeed', nonce: 3, signer: '5Operator', at }, [s1]: { state: 'planned' } },
    });
    await journal.record({ id: entryId(network, queued), network, commit: queued, sequence: 2, plan: planOf(network, ['validator-2']) });

    const log: string[] = [];
    const executor = recordingExecutor(log);
    const run = postMerge({ planner: plannerFor({}), waiter: loggingWaiter(log), executor });
    const resumed = await run.resume(() => rpc);
    expect(resumed.filter((e) => e.network === network).map((e) => e.commit)).toEqual([crashed, queued]);
    await run.idle();
    expect(executor.requests).toEqual([
      { commit: crashed, resolve: [s0], submit: [s1] },
      { commit: queued, resolve: [], submit: ['register-validator:resume-net:validator-2'] },
    ]);
    const after = (await journal.get(entryId(network, crashed)))!;
    expect(after.status).toBe('done');
    expect(after.steps[s0]).toMatchObject({ state: 'included', extrinsicHash: '0xfeed' });
    // Only the entry left waiting for its sync waited again.
    expect(log.filter((l) => l.startsWith('wait'))).toEqual([`wait ${network}@${queued.slice(0, 7)}`]);
  });

  it('keeps a resumed entry with a step in flight when the node is not ready, and submits nothing', async () => {
    const network = 'syncing-net';
    const merged = commits[7]!;
    const syncing = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => syncing.once('listening', resolve));
    syncing.on('connection', (socket) =>
      socket.on('message', (data) => {
        const request = JSON.parse(data.toString()) as { id: number };
        socket.send(JSON.stringify({ jsonrpc: '2.0', id: request.id, result: { peers: 4, isSyncing: true, shouldHavePeers: true } }));
      }),
    );
    try {
      const journal = new ConfigMapJournal(bot());
      const plan = planOf(network, ['validator-0']);
      const [s0] = plan.steps.map(stepId) as [string];
      const id = entryId(network, merged);
      await journal.record({ id, network, commit: merged, sequence: 1, plan, status: 'executing', steps: { [s0]: { state: 'submitted', extrinsicHash: '0xbeef', nonce: 1, signer: '5Operator', at } } });
      const log: string[] = [];
      const executor = recordingExecutor(log);
      const run = postMerge({ planner: plannerFor({}), waiter: loggingWaiter(log), executor });
      await run.resume((entry) => (entry.network === network ? `ws://127.0.0.1:${(syncing.address() as AddressInfo).port}` : rpc));
      await run.idle();
      expect(executor.requests).toEqual([]);
      const kept = (await journal.get(id))!;
      expect(kept.status).toBe('executing');
      expect(kept.steps[s0]).toMatchObject({ state: 'submitted', extrinsicHash: '0xbeef' });
      expect(kept.reason).toContain('the node is still syncing');
    } finally {
      await new Promise((resolve) => syncing.close(resolve));
    }
    // Finish it so later resumes in this file do not pick it up again.
    await new ConfigMapJournal(bot()).update(entryId(network, merged), (e) => ({ ...e, status: 'failed', reason: 'test done' }));
  });

  it('leaves the work to the leader when another replica holds the Lease', async () => {
    const network = 'follower-net';
    const merged = commits[7]!;
    await createApplication(network, { operationState: sync(merged), health: healthyAfterSync });
    const holder = new KubeLease(bot(), { name: 'postmerge-leader', identity: 'bot-0' });
    expect(await holder.acquireOrRenew()).toBe(true);
    const log: string[] = [];
    const executor = recordingExecutor(log);
    const followerLease = new KubeLease(bot(), { name: 'postmerge-leader', identity: 'bot-1' });
    const follower = postMerge({
      planner: plannerFor({ [merged]: [{ plan: planOf(network, ['validator-0']), rpc }] }),
      waiter: loggingWaiter(log),
      executor,
      leader: followerLease,
      rpcOf: async () => rpc,
    });
    await follower.onPush({ before: commits[6]!, after: merged });
    await follower.idle();
    expect(executor.requests).toEqual([]);
    expect((await new ConfigMapJournal(bot()).get(entryId(network, merged)))!.status).toBe('waiting-for-sync');

    // The holder goes away; the other replica gains the lease and finishes what was recorded.
    await holder.release();
    const keeper = leadPostMerge(follower, followerLease, { renewMs: 100 });
    try {
      while (executor.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      await follower.idle();
      expect(keeper.isLeader()).toBe(true);
    } finally {
      await keeper.stop();
    }
    expect(executor.requests.map((r) => r.commit)).toEqual([merged]);
    expect((await new ConfigMapJournal(bot()).get(entryId(network, merged)))!.status).toBe('done');
  });
});

export type { JournalEntry };
