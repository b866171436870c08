import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkFolder, nodeGroupBase } from '../../test/networkFixture.js';
import { createRepo, type TestRepo } from '../../test/github/gitRepo.js';
import { planOf } from '../journal/journalContract.js';
import type { JournalEntry } from '../journal/types.js';
import { stepId } from '../plan/types.js';
import { chainSeeds, needsRelay } from './chainExecutor.js';
import { gitContains } from './contains.js';
import { gitNetworkSpecs } from './gitNetworkSpecs.js';
import { GitMergePlanner } from './gitPlanner.js';
import { pullRequestFromMessage } from './mergeMessage.js';
import { decidePush } from './pushEvent.js';
import { NetworkQueues } from './networkQueues.js';
import { splitMergeResult } from './mergePlan.js';
import { dedupeFindings } from '../findings.js';
import { commitStatus, refusedStatus, renderComment, renderRefusedComment } from './progressReport.js';
import { outcomeOf, stepsToRun } from './stepsToRun.js';

const at = '2026-01-01T00:00:00Z';

function entry(states: JournalEntry['steps'][string][]): JournalEntry {
  const plan = planOf('rococo', states.map((_, i) => `validator-${i}`));
  return {
    id: 'rococo@abc',
    network: 'rococo',
    commit: 'a'.repeat(40),
    sequence: 1,
    plan,
    steps: Object.fromEntries(plan.steps.map((s, i) => [stepId(s), states[i]!])),
    status: 'executing',
  };
}

describe('what an interrupted entry still needs', () => {
  it('resolves submitted steps, submits planned ones, leaves finished ones', () => {
    const e = entry([{ state: 'included', extrinsicHash: '0x1', blockHash: '0x2', blockNumber: 5, at }, { state: 'submitted', extrinsicHash: '0x3', nonce: 1, signer: '5F', at }, { state: 'planned' }]);
    const { resolve, submit } = stepsToRun(e);
    expect(resolve.map(stepId)).toEqual(['register-validator:rococo:validator-1']);
    expect(submit.map(stepId)).toEqual(['register-validator:rococo:validator-2']);
  });

  it('is done only when every step is included or skipped', () => {
    expect(outcomeOf(entry([{ state: 'included', extrinsicHash: '0x1', blockHash: '0x2', blockNumber: 5, at }, { state: 'skipped', note: 'already registered', at }]))).toEqual({ status: 'done' });
    expect(outcomeOf(entry([{ state: 'failed', reason: 'BadOrigin', at }]))).toEqual({ status: 'failed', reason: 'failed: register-validator:rococo:validator-0: BadOrigin' });
    expect(outcomeOf(entry([{ state: 'submitted', extrinsicHash: '0x3', nonce: 1, signer: '5F', at }]))).toMatchObject({ status: 'failed', reason: expect.stringContaining('not finished') });
  });
});

describe('reports', () => {
  it('renders a step table and a commit status within GitHub limits', () => {
    const e = entry([{ state: 'included', extrinsicHash: '0x1', blockHash: '0x2', blockNumber: 5, at }, { state: 'failed', reason: 'a | b\nc', at }]);
    const body = renderComment(e, { phase: 'failed', detail: 'x'.repeat(300) });
    expect(body).toContain('<!-- substrate-gitops:post-merge:rococo -->');
    expect(body).toContain('| register validator `validator-0` | included in block #5 |');
    expect(body).toContain('| register validator `validator-1` | failed: a \\| b c |');
    const status = commitStatus(e, { phase: 'failed', detail: 'x'.repeat(300) });
    expect(status.state).toBe('failure');
    expect(status.description.length).toBe(140);
    expect(commitStatus(e, { phase: 'done' })).toEqual({ state: 'success', context: 'substrate-gitops/chain: rococo', description: '2 on-chain steps applied' });
  });

  it('finds the pull request in merge and squash messages', () => {
    expect(pullRequestFromMessage('Merge pull request #12 from org/feature\n\nMore validators')).toBe(12);
    expect(pullRequestFromMessage('More validators (#34)\n\n* commit')).toBe(34);
    expect(pullRequestFromMessage('Direct push to main')).toBeUndefined();
  });
});

describe('chain executor wiring', () => {
  it('hands the executor a Secret reader with the network namespace', async () => {
    const asked: unknown[] = [];
    const read = chainSeeds({ read: async (ref) => (asked.push(ref), 'words') });
    expect(await read('rococo-seed', 'seed', 'rococo')).toBe('words');
    expect(asked).toEqual([{ namespace: 'rococo', secret: 'rococo-seed', key: 'seed' }]);
  });
});

describe('network queues', () => {
  it('runs one network in order, lets others pass, and survives a failing task', async () => {
    const queues = new NetworkQueues();
    const order: string[] = [];
    let releaseFirst!: () => void;
    const first = new Promise<void>((resolve) => (releaseFirst = resolve));
    void queues.enqueue('a', async () => {
      order.push('a1 start');
      await first;
      order.push('a1 end');
      throw new Error('a1 failed');
    });
    void queues.enqueue('a', async () => void order.push('a2'));
    await queues.enqueue('b', async () => void order.push('b1'));
    expect(order).toEqual(['a1 start', 'b1']);
    releaseFirst();
    await queues.idle();
    expect(order).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
  });
});

describe('from a real repository', () => {
  let repo: TestRepo;
  let before: string;
  let after: string;
  let laterOnSide: string;
  let broken: string;

  beforeAll(async () => {
    repo = await createRepo({ ...nodeGroupBase(), ...networkFolder('alpha', { replicas: 3 }), ...networkFolder('beta') });
    before = await repo.sha();
    after = await repo.commit(networkFolder('alpha', { replicas: 4 }), 'Merge pull request #5 from org/more');
    await repo.branch('side');
    laterOnSide = await repo.commit({ 'README.md': 'side\n' });
    await repo.branch('broken');
    broken = await repo.commit({ ...networkFolder('alpha', { replicas: 5 }), 'networks/alpha/network.yaml': 'apiVersion: substrate-gitops.io/v1alpha1\nkind: Network\nname: alpha\nchain: {name: alpha-local, kind: relay}\n' }, 'Break alpha (#6)');
    await repo.checkout('main');
  });

  afterAll(async () => {
    await repo?.remove();
  });

  it('plans the merge with the same pipeline as the preview, with the network RPC at the merged commit', async () => {
    const { planned, refused } = await new GitMergePlanner(repo.dir).plan({ before, after });
    expect(refused).toEqual([]);
    expect(planned.map((p) => [p.plan.network, p.rpc, p.plan.steps.map((s) => `${s.kind} ${'node' in s ? s.node.pod : ''}`)])).toEqual([
      ['alpha', 'ws://rpc.alpha.svc:9944', ['set-session-keys validator-3', 'register-validator validator-3']],
    ]);
  });

  it('refuses a network whose merged network.yaml is invalid, saying where, and plans nothing for it', async () => {
    const { planned, refused } = await new GitMergePlanner(repo.dir).plan({ before: laterOnSide, after: broken });
    expect(planned).toEqual([]);
    expect(refused.map((r) => r.network)).toEqual(['alpha']);
    expect(refused[0]!.reason).toMatch(new RegExp(`^networks/alpha has (an error|\\d+ errors) at ${broken.slice(0, 12)} \\(first: networks/alpha/network.yaml`));
    expect(refused[0]!.reason).toContain('missing required field');
    expect(refused[0]!.reason).toContain('fix it in a new pull request');
  });

  it('reads network.yaml as of the merged commit, and names a missing one', async () => {
    const specOf = gitNetworkSpecs(repo.dir);
    const spec = await specOf('alpha', { ...entry([]), commit: after });
    expect(spec.chain).toMatchObject({ name: 'alpha-local', kind: 'relay', rpc: 'ws://rpc.alpha.svc:9944' });
    expect(needsRelay(spec, entry([]))).toBe(false);
    expect(needsRelay({ ...spec, chain: { ...spec.chain, kind: 'parachain', relay: 'alpha' }, operator: { ...spec.operator, root: 'relay-xcm' } }, entry([]))).toBe(true);
    await expect(specOf('gamma', { ...entry([]), commit: after })).rejects.toThrow(/networks\/gamma\/network.yaml/);
  });

  it('knows which commits contain the merge', async () => {
    const contains = gitContains(repo.dir);
    expect(await contains(after, after)).toBe(true);
    expect(await contains(laterOnSide, after)).toBe(true);
    expect(await contains(before, after)).toBe(false);
    expect(await contains('f'.repeat(40), after)).toBe(false);
  });
});

describe('which pushes start a run', () => {
  const base = { before: 'a'.repeat(40), after: 'b'.repeat(40), repository: { default_branch: 'main' } };
  it('runs on the default branch, with the merged pull request', () => {
    expect(decidePush({ ...base, ref: 'refs/heads/main', head_commit: { message: 'Merge pull request #9 from org/x' } })).toEqual({ run: true, push: { before: base.before, after: base.after, pullRequest: 9 } });
    expect(decidePush({ ...base, ref: 'refs/heads/main', head_commit: null })).toEqual({ run: true, push: { before: base.before, after: base.after } });
  });
  it('ignores other branches, tags and deletions, saying why', () => {
    expect(decidePush({ ...base, ref: 'refs/heads/feature' })).toEqual({ run: false, reason: 'refs/heads/feature is not the default branch main' });
    expect(decidePush({ ...base, ref: 'refs/tags/v1' }).run).toBe(false);
    expect(decidePush({ ...base, ref: 'refs/heads/main', deleted: true, after: '0'.repeat(40) })).toEqual({ run: false, reason: 'the default branch was deleted' });
    expect(decidePush({ ...base, ref: 'refs/heads/main', created: true, before: '0'.repeat(40) })).toMatchObject({ run: false, reason: expect.stringMatching(/^the default branch was created by this push/) });
  });
  it('ignores pushes to repositories other than the configured one', () => {
    const payload = { ...base, ref: 'refs/heads/main', repository: { default_branch: 'main', full_name: 'org/other' } };
    expect(decidePush(payload, { repository: 'org/testnets' })).toEqual({ run: false, reason: 'org/other is not the GitOps repository org/testnets (POST_MERGE_REPOSITORY)' });
    expect(decidePush({ ...payload, repository: { ...payload.repository, full_name: 'Org/TestNets' } }, { repository: 'org/testnets' }).run).toBe(true);
  });
});

describe('which merged networks are acted on', () => {
  const finding = (network: string, severity: 'error' | 'warning', message: string, line?: number) => ({ check: 'input' as const, severity, file: `networks/${network}/network.yaml`, rule: 'r', message, network, ...(line ? { line } : {}) });
  it('refuses every network with an error finding, keeps the others, and drops empty plans', () => {
    const commit = 'c'.repeat(40);
    const split = splitMergeResult(
      {
        findings: [finding('beta', 'error', 'chain.rpc is required\nmore detail', 4), finding('beta', 'error', 'second'), finding('alpha', 'warning', 'only a warning'), finding('gamma', 'error', 'no plan here')],
        plan: [planOf('alpha', ['validator-0']), planOf('beta', ['validator-1']), { network: 'delta', steps: [], notes: ['nothing'] }],
      },
      commit,
    );
    expect(split.plans.map((p) => p.network)).toEqual(['alpha']);
    expect(split.refused).toEqual([
      { network: 'beta', reason: `networks/beta has 2 errors at cccccccccccc (first: networks/beta/network.yaml:4: chain.rpc is required); nothing is applied on chain for it: fix it in a new pull request (\`npm run check\` shows every finding)` },
      { network: 'gamma', reason: expect.stringMatching(/^networks\/gamma has an error at cccccccccccc \(first: networks\/gamma\/network.yaml: no plan here\)/) },
    ]);
  });

  it('refuses every network a deduplicated finding in a shared file belongs to', () => {
    const [shared] = dedupeFindings([
      { check: 'policy', severity: 'error', file: 'apps/node/sts.yaml', line: 3, rule: 'SG-IMG-001', message: 'same', network: 'beta' },
      { check: 'policy', severity: 'error', file: 'apps/node/sts.yaml', line: 3, rule: 'SG-IMG-001', message: 'same', network: 'alpha' },
    ]);
    const split = splitMergeResult({ findings: [shared!], plan: [planOf('alpha', ['validator-0']), planOf('beta', ['validator-1'])] }, 'c'.repeat(40));
    expect(split.plans).toEqual([]);
    expect(split.refused.map((r) => r.network)).toEqual(['alpha', 'beta']);
  });

  it('says so on the merge commit and the pull request', () => {
    expect(refusedStatus('beta', 'x'.repeat(200))).toMatchObject({ state: 'failure', context: 'substrate-gitops/chain: beta' });
    expect(refusedStatus('beta', 'x'.repeat(200)).description).toHaveLength(140);
    const body = renderRefusedComment('beta', 'c'.repeat(40), 'networks/beta has an error | pipe');
    expect(body).toContain('<!-- substrate-gitops:post-merge:beta -->');
    expect(body).toContain('❌ not applied** — networks/beta has an error \\| pipe');
  });
});
