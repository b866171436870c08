// The bot's cluster adapters against a real kube-apiserver, each call made with the bot's own
// ServiceAccount token, so RBAC applies exactly as in a cluster.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigMapJournal } from '../journal/configMapJournal.js';
import { journalContract } from '../journal/journalContract.js';
import { loadKubeConfig, startKubeApiServer, type KubePeer } from '../peers/kube/start.js';
import { REPO_ROOT } from '../tools/cache.js';
import { runTool } from '../tools/run.js';
import { ApplicationWatcher, type WatchEvent } from './applicationWatch.js';
import { APPLICATIONS, ARGO_NAMESPACE, type ArgoApplication } from './argoApplication.js';
import { KubeLease } from './lease.js';
import { KubeSeedSource, SeedAccessError } from './seeds.js';

let peer: KubePeer;
let admin: KubeConfig;
let botKubeconfig: string;
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

beforeAll(async () => {
  peer = await startKubeApiServer();
  admin = loadKubeConfig(peer.adminKubeconfig);
  botKubeconfig = peer.botKubeconfig;
  await peer.apply(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ARGO_NAMESPACE}}\n`);
});

afterAll(async () => {
  await peer?.stop();
});

/** A fresh client per caller, as separate bot processes would have. */
const bot = () => loadKubeConfig(botKubeconfig);

journalContract('ConfigMaps (bot ServiceAccount)', () => ({ a: new ConfigMapJournal(bot()), b: new ConfigMapJournal(bot()) }));

describe('ConfigMap journal objects', () => {
  it('keeps one labelled ConfigMap per entry in substrate-gitops', async () => {
    const journal = new ConfigMapJournal(bot());
    const commit = 'e'.repeat(40);
    await journal.record({ id: `labelled@${commit}`, network: 'labelled', commit, sequence: 1, plan: { network: 'labelled', steps: [], notes: [] } });
    const map = await admin.makeApiClient(CoreV1Api).readNamespacedConfigMap({ namespace: 'substrate-gitops', name: `journal-labelled-${commit}` });
    expect(map.metadata?.labels).toMatchObject({ 'substrate-gitops.io/journal': 'true', 'substrate-gitops.io/network': 'labelled', 'substrate-gitops.io/journal-status': 'waiting-for-sync' });
    expect(JSON.parse(map.data!['entry.json']!)).toMatchObject({ id: `labelled@${commit}`, status: 'waiting-for-sync' });
  });
});

describe('leader Lease', () => {
  it('has one leader among two candidates, lets the other take over once it expires, and hands over on release', async () => {
    let clock = Date.parse('2026-03-01T00:00:00Z');
    const now = () => clock;
    const name = `lease-${randomUUID().slice(0, 8)}`;
    const a = new KubeLease(bot(), { name, identity: 'bot-0', durationSeconds: 15, now });
    const b = new KubeLease(bot(), { name, identity: 'bot-1', durationSeconds: 15, now });
    const won = await Promise.all([a.acquireOrRenew(), b.acquireOrRenew()]);
    expect(won.filter(Boolean)).toHaveLength(1);
    const [leader, follower] = won[0] ? [a, b] : [b, a];
    clock += 10_000;
    expect(await leader.acquireOrRenew()).toBe(true);
    expect(await follower.acquireOrRenew()).toBe(false);
    // The leader stops renewing (killed): after the lease duration the follower takes over.
    clock += 15_001;
    expect(await follower.acquireOrRenew()).toBe(true);
    expect(await leader.acquireOrRenew()).toBe(false);
    const lease = await admin.makeApiClient((await import('@kubernetes/client-node')).CoordinationV1Api).readNamespacedLease({ namespace: 'substrate-gitops', name });
    expect(lease.spec?.holderIdentity).toBe(follower.identity);
    expect(lease.spec?.leaseTransitions).toBe(2);
    await follower.release();
    expect(await leader.acquireOrRenew()).toBe(true);
  });

  it('stays the leader when it renews from two tasks at once (the keeper and a run): a write conflict with itself is not a loss', async () => {
    const name = `lease-${randomUUID().slice(0, 8)}`;
    const holder = new KubeLease(bot(), { name, identity: 'bot-0', durationSeconds: 15 });
    const other = new KubeLease(bot(), { name, identity: 'bot-1', durationSeconds: 15 });
    expect(await holder.acquireOrRenew()).toBe(true);
    for (let round = 0; round < 5; round++) {
      expect(await Promise.all([holder.acquireOrRenew(), holder.acquireOrRenew(), holder.acquireOrRenew()])).toEqual([true, true, true]);
    }
    expect(await other.acquireOrRenew()).toBe(false);
  });
});

describe('seed Secrets', () => {
  const namespace = 'net-seeds';

  beforeAll(async () => {
    const network = await mkdtemp(join(tmpdir(), 'sg-net-'));
    try {
      const component = relative(network, join(REPO_ROOT, 'apps', 'substrate-gitops-bot', 'secret-access'));
      await writeFile(
        join(network, 'kustomization.yaml'),
        [`namespace: ${namespace}`, 'components:', `  - ${component}`, 'patches:', '  - target: {kind: Role, name: substrate-gitops-bot-secrets}', '    patch: |-', '      - op: replace', '        path: /rules/0/resourceNames', `        value: [${namespace}-seed]`, ''].join('\n'),
      );
      const { stdout } = await runTool('kubectl', 'kubectl', ['kustomize', network], { timeoutMs: 60_000 });
      await peer.apply(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${namespace}}\n---\n${stdout}`);
    } finally {
      await rm(network, { recursive: true, force: true });
    }
    const core = admin.makeApiClient(CoreV1Api);
    await core.createNamespacedSecret({ namespace, body: { metadata: { name: `${namespace}-seed` }, stringData: { seed: 'granted seed words' } } });
    await core.createNamespacedSecret({ namespace, body: { metadata: { name: `${namespace}-other` }, stringData: { seed: 'forbidden seed words' } } });
  });

  it('reads the Secret the network grants by name', async () => {
    expect(await new KubeSeedSource(bot()).read({ namespace, secret: `${namespace}-seed`, key: 'seed' })).toBe('granted seed words');
  });

  it('is refused another Secret in the same namespace, and says which Secret and what RBAC to add, without any value', async () => {
    const error = await new KubeSeedSource(bot()).read({ namespace, secret: `${namespace}-other`, key: 'seed' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SeedAccessError);
    const refused = error as SeedAccessError;
    expect(refused.status).toBe(403);
    expect(refused.message).toBe(`the bot may not read Secret ${namespace}/${namespace}-other (403 Forbidden)`);
    expect(refused.fix).toContain(`add "${namespace}-other" to resourceNames of Role substrate-gitops-bot-secrets`);
    expect(JSON.stringify({ ...refused, message: refused.message, stack: refused.stack })).not.toMatch(/seed words/);
  });

  it('names the keys present, not their values, when the key is missing', async () => {
    await expect(new KubeSeedSource(bot()).read({ namespace, secret: `${namespace}-seed`, key: 'mnemonic' })).rejects.toThrow(
      `Secret ${namespace}/${namespace}-seed has no key "mnemonic" (keys present: seed)`,
    );
  });
});

describe('waiting for Argo CD to deploy a commit', () => {
  const MERGED = '1'.repeat(40);
  const OTHER = '2'.repeat(40);
  const apps = () => admin.makeApiClient(CustomObjectsApi);
  const noContains = async () => false;

  async function createApplication(name: string): Promise<void> {
    await apps().createNamespacedCustomObject({
      ...APPLICATIONS,
      namespace: ARGO_NAMESPACE,
      body: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name, namespace: ARGO_NAMESPACE }, spec: { project: 'default', source: { repoURL: 'https://example.invalid/r.git', path: `networks/${name}` }, destination: { server: 'https://kubernetes.default.svc', namespace: name } } },
    });
  }

  /** Writes started from watch callbacks; their failures fail the test that started them. */
  const background: Promise<void>[] = [];
  const later = (write: Promise<void>) => void background.push(write);

  /** Write status as Argo CD's controller would (the CRD has no status subresource). */
  async function writeStatus(name: string, status: ArgoApplication['status']): Promise<void> {
    await apps().patchNamespacedCustomObject({ ...APPLICATIONS, namespace: ARGO_NAMESPACE, name, body: { status } }, mergePatch);
  }

  const sync = (revision: string, phase: string) => ({ operation: { sync: { revision } }, phase, startedAt: '2026-03-01T10:00:00Z', finishedAt: '2026-03-01T10:01:00Z', syncResult: { revision } });

  it('passes only once the merged revision is Succeeded and Healthy after the sync, judging each status Argo CD writes', async () => {
    const name = 'watch-sequence';
    await createApplication(name);
    const steps: [string, ArgoApplication['status']][] = [
      ['other revision', { operationState: sync(OTHER, 'Succeeded'), health: { status: 'Healthy', lastTransitionTime: '2026-03-01T10:02:00Z' } }],
      ['merged, Progressing', { operationState: sync(MERGED, 'Succeeded'), health: { status: 'Progressing', lastTransitionTime: '2026-03-01T10:01:30Z' } }],
      ['merged, Healthy', { operationState: sync(MERGED, 'Succeeded'), health: { status: 'Healthy', lastTransitionTime: '2026-03-01T10:03:00Z' } }],
    ];
    const seen: string[] = [];
    let next = 0;
    const writeNext = () => {
      const step = steps[next++];
      if (step) later(writeStatus(name, step[1]));
    };
    const watcher = new ApplicationWatcher(bot(), {
      contains: noContains,
      onEvent: (event) => {
        if (event.type === 'watching' && next === 0) writeNext();
        if (event.type === 'observed') {
          seen.push(event.result.kind);
          // Each status is written only after the previous one was judged.
          if (event.result.kind !== 'waiting' || next < steps.length) {
            if (event.result.kind === 'other-revision' || (event.result.kind === 'waiting' && next > 1)) writeNext();
          }
        }
      },
    });
    const outcome = await watcher.waitForDeployment(name, MERGED, { timeoutMs: 60_000 });
    await Promise.all(background);
    expect(outcome).toEqual({ kind: 'deployed', revision: MERGED });
    // listed (never synced), other revision, Progressing, Healthy.
    expect(seen).toEqual(['waiting', 'other-revision', 'waiting', 'deployed']);
  });

  it('reopens a watch the server closed, from the version it had seen', async () => {
    const name = 'watch-reopen';
    await createApplication(name);
    const events: WatchEvent['type'][] = [];
    const watcher = new ApplicationWatcher(bot(), {
      contains: noContains,
      watchTimeoutSeconds: 1,
      onEvent: (event) => {
        events.push(event.type);
        if (event.type === 'closed' && events.filter((e) => e === 'closed').length === 2) {
          later(writeStatus(name, { operationState: sync(MERGED, 'Succeeded'), health: { status: 'Healthy', lastTransitionTime: '2026-03-01T10:05:00Z' } }));
        }
      },
    });
    const outcome = await watcher.waitForDeployment(name, MERGED, { timeoutMs: 60_000 });
    await Promise.all(background);
    expect(outcome.kind).toBe('deployed');
    expect(events.filter((e) => e === 'listed')).toHaveLength(1);
    expect(events.filter((e) => e === 'closed').length).toBeGreaterThanOrEqual(2);
  });

  it('lists again when its resourceVersion has expired (410 Gone)', async () => {
    const name = 'watch-expired';
    await createApplication(name);
    await writeStatus(name, { operationState: sync(MERGED, 'Succeeded'), health: { status: 'Healthy', lastTransitionTime: '2026-03-01T10:05:00Z' } });
    const events: WatchEvent['type'][] = [];
    const watcher = new ApplicationWatcher(bot(), { contains: noContains, onEvent: (event) => events.push(event.type) });
    expect((await watcher.waitForDeployment(name, MERGED, { timeoutMs: 60_000, resourceVersion: '1' })).kind).toBe('deployed');
    expect(events.slice(0, 3)).toEqual(['watching', 'gone', 'listed']);
  });

  it('gives up after the timeout and reports what it last saw: another revision', async () => {
    const name = 'watch-stuck';
    await createApplication(name);
    await writeStatus(name, { operationState: sync(OTHER, 'Succeeded'), health: { status: 'Healthy', lastTransitionTime: '2026-03-01T10:05:00Z' } });
    const outcome = await new ApplicationWatcher(bot(), { contains: noContains }).waitForDeployment(name, MERGED, { timeoutMs: 1_500 });
    expect(outcome).toEqual({ kind: 'timed-out', timeoutMs: 1_500, last: { kind: 'other-revision', revision: OTHER } });
  });

  it('reports a network without an Application', async () => {
    const outcome = await new ApplicationWatcher(bot(), { contains: noContains }).waitForDeployment('no-such-network', MERGED, { timeoutMs: 1_000 });
    expect(outcome).toEqual({ kind: 'timed-out', timeoutMs: 1_000, last: { kind: 'no-application', name: 'no-such-network' } });
  });

  it('passes on a later revision that contains the merged commit', async () => {
    const name = 'watch-later';
    await createApplication(name);
    await writeStatus(name, { operationState: sync(OTHER, 'Succeeded'), health: { status: 'Healthy', lastTransitionTime: '2026-03-01T10:05:00Z' } });
    const asked: [string, string][] = [];
    const watcher = new ApplicationWatcher(bot(), { contains: async (later, merged) => (asked.push([later, merged]), later === OTHER) });
    expect(await watcher.waitForDeployment(name, MERGED, { timeoutMs: 30_000 })).toEqual({ kind: 'deployed', revision: OTHER });
    expect(asked).toEqual([[OTHER, MERGED]]);
  });
});

describe('a ServiceAccount without the bot\'s grants', () => {
  it('gets errors that name the missing grant and where it lives, for the journal, the Lease and the watch', async () => {
    await peer.apply('apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: no-grants, namespace: substrate-gitops}\n');
    const nobody = loadKubeConfig(await peer.kubeconfigForServiceAccount('substrate-gitops', 'no-grants'));
    await expect(new ConfigMapJournal(nobody).record({ id: `x@${'0'.repeat(40)}`, network: 'x', commit: '0'.repeat(40), sequence: 1, plan: { network: 'x', steps: [], notes: [] } })).rejects.toMatchObject({
      name: 'EnvironmentError',
      message: 'the bot may not create journal ConfigMaps in namespace substrate-gitops (403 Forbidden)',
      fix: expect.stringContaining('apps/substrate-gitops-bot/rbac-journal.yaml'),
    });
    await expect(new KubeLease(nobody, { identity: 'x' }).acquireOrRenew()).rejects.toMatchObject({
      name: 'EnvironmentError',
      message: 'the bot may not use Lease substrate-gitops/substrate-gitops-bot (403 Forbidden)',
    });
    await expect(new ApplicationWatcher(nobody, { contains: async () => false }).waitForDeployment('x', '0'.repeat(40), { timeoutMs: 30_000 })).rejects.toMatchObject({
      name: 'EnvironmentError',
      fix: expect.stringContaining('apps/substrate-gitops-bot/rbac-applications.yaml'),
    });
  });
});
