// The post-merge run with the real chain executor: a merge that adds a validator is recorded
// in the journal ConfigMaps, gated on the Application, checked with system_health, and applied
// on the Paseo relay chain (chopsticks) with seeds the bot reads from its granted Secrets.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApplicationWatcher } from '../cluster/applicationWatch.js';
import { APPLICATIONS, ARGO_NAMESPACE } from '../cluster/argoApplication.js';
import { RpcNodeHealthCheck } from '../cluster/nodeHealth.js';
import { KubeSeedSource } from '../cluster/seeds.js';
import { ConfigMapJournal } from '../journal/configMapJournal.js';
import { entryId } from '../journal/entries.js';
import type { NetworkSpec } from '../model/networkFile.js';
import { connectChainDev } from '../peers/chain/index.js';
import { loadKubeConfig, startKubeApiServer, type KubePeer } from '../peers/kube/start.js';
import type { OnChainPlan, PlannedNode } from '../plan/types.js';
import { REPO_ROOT } from '../tools/cache.js';
import { runTool } from '../tools/run.js';
import { PolkadotChainExecutor } from './chainExecutor.js';
import { PostMerge } from './orchestrator.js';
import type { Reporter } from './types.js';

const NETWORK = 'paseo-e2e';
const MERGED = 'c0ffee'.padEnd(40, '0');
const KEY_TYPES = 'gran:ed25519,babe:sr25519,imon:sr25519,para:sr25519,asgn:sr25519,audi:sr25519,beef:ecdsa'.split(',').map((s) => {
  const [type, scheme] = s.split(':') as [string, 'sr25519'];
  return { type, scheme };
});

let peer: KubePeer;
let dev: Awaited<ReturnType<typeof connectChainDev>>;

beforeAll(async () => {
  peer = await startKubeApiServer();
  dev = await connectChainDev(inject('relayWs'));
  const folder = await mkdtemp(join(tmpdir(), 'sg-net-'));
  try {
    const component = relative(folder, join(REPO_ROOT, 'apps', 'substrate-gitops-bot', 'secret-access'));
    await writeFile(
      join(folder, 'kustomization.yaml'),
      [`namespace: ${NETWORK}`, 'components:', `  - ${component}`, 'patches:', '  - target: {kind: Role, name: substrate-gitops-bot-secrets}', '    patch: |-', '      - op: replace', '        path: /rules/0/resourceNames', `        value: [${NETWORK}-operator, ${NETWORK}-seeds]`, ''].join('\n'),
    );
    const { stdout } = await runTool('kubectl', 'kubectl', ['kustomize', folder], { timeoutMs: 60_000 });
    await peer.apply(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${NETWORK}}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ${ARGO_NAMESPACE}}\n---\n${stdout}`);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  const admin = loadKubeConfig(peer.adminKubeconfig);
  const core = admin.makeApiClient(CoreV1Api);
  await core.createNamespacedSecret({ namespace: NETWORK, body: { metadata: { name: `${NETWORK}-operator` }, stringData: { seed: inject('sudoUri') } } });
  await core.createNamespacedSecret({ namespace: NETWORK, body: { metadata: { name: `${NETWORK}-seeds` }, stringData: { seed: `//substrate-gitops//e2e-${randomUUID().slice(0, 8)}` } } });
  const apps = admin.makeApiClient(CustomObjectsApi);
  await apps.createNamespacedCustomObject({
    ...APPLICATIONS,
    namespace: ARGO_NAMESPACE,
    body: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: NETWORK }, spec: { project: 'default', source: { repoURL: 'https://example.invalid/r.git', path: `networks/${NETWORK}` }, destination: { server: 'https://kubernetes.default.svc', namespace: NETWORK } } },
  });
  await apps.patchNamespacedCustomObject(
    {
      ...APPLICATIONS,
      namespace: ARGO_NAMESPACE,
      name: NETWORK,
      body: { status: { operationState: { operation: { sync: { revision: MERGED } }, phase: 'Succeeded', startedAt: '2026-03-01T10:00:00Z', finishedAt: '2026-03-01T10:01:00Z', syncResult: { revision: MERGED } }, health: { status: 'Healthy', lastTransitionTime: '2026-03-01T10:02:00Z' } } },
    },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
});

afterAll(async () => {
  await dev?.close();
  await peer?.stop();
});

describe('after a merge, on a real chain', () => {
  it('registers the new validator exactly as journaled, and a second run submits nothing', async () => {
    const bot = () => loadKubeConfig(peer.botKubeconfig);
    const spec = {
      apiVersion: 'substrate-gitops.io/v1alpha1',
      kind: 'Network',
      name: NETWORK,
      chain: { name: 'paseo', kind: 'relay', rpc: inject('relayWs') },
      operator: { seedSecret: { name: `${NETWORK}-operator` }, root: 'sudo' },
      registration: { validators: 'register' },
    } as NetworkSpec;
    const node: PlannedNode = {
      network: NETWORK,
      group: 'validator',
      pod: 'validator-0',
      role: 'validator',
      keys: { secret: `${NETWORK}-seeds`, secretKey: 'seed', keyPath: '//{pod}//{type}//g{generation}', accountPath: '//validator-0', keyTypes: KEY_TYPES, generation: 1 },
    };
    const plan: OnChainPlan = { network: NETWORK, steps: [{ kind: 'set-session-keys', node, toGeneration: 1, reason: 'new-node' }, { kind: 'register-validator', node }], notes: [] };
    const reports: string[] = [];
    const reporter: Reporter = { report: async (_entry, progress) => (reports.push(progress.phase), {}) };
    const journal = new ConfigMapJournal(bot());
    const executor = new PolkadotChainExecutor({ specOf: async () => spec, seeds: new KubeSeedSource(bot()), produceBlock: async () => void (await dev.newBlock()) });
    const run = new PostMerge({
      journal,
      planner: { plan: async () => ({ planned: [{ plan, rpc: inject('relayWs') }], refused: [] }) },
      waiter: new ApplicationWatcher(bot(), { contains: async () => false }),
      health: new RpcNodeHealthCheck({ minPeers: 1 }),
      executor,
      reporter,
    });
    await run.onPush({ before: '0'.repeat(40), after: MERGED });
    await run.idle();
    const entry = (await journal.get(entryId(NETWORK, MERGED)))!;
    expect(entry.reason).toBeUndefined();
    expect(entry.status).toBe('done');
    expect(Object.values(entry.steps).map((s) => s.state)).toEqual(['included', 'included']);
    expect(reports).toEqual(['waiting-for-sync', 'executing', 'done']);

    // A redelivered merge recorded again as unfinished: the executor re-reads the chain and skips.
    await journal.update(entry.id, (e) => ({ ...e, status: 'executing', steps: Object.fromEntries(Object.keys(e.steps).map((id) => [id, { state: 'planned' as const }])) }));
    await run.resume(() => inject('relayWs'));
    await run.idle();
    const again = (await journal.get(entry.id))!;
    expect(again.status).toBe('done');
    expect(Object.values(again.steps).map((s) => s.state)).toEqual(['skipped', 'skipped']);
  });
});
