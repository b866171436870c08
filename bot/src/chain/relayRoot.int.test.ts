// Root on a parachain without sudo, end to end: the relay's sudo sends XCM `Transact` with
// Superuser origin and the parachain executes it as root. The relay here is Westend dev
// (westend 9320, XCM v2 era, started by this file): the shared Paseo peer cannot send the Asset
// Hub peer (statemine 900, XCM ≤ 2) anything it reads (see collators.int.test.ts). Each para
// block gets the relay's queued downward messages, as relay validators would hand them over.
// Every assertion reads the para's storage.
import { randomUUID } from 'node:crypto';
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { NetworkSpec } from '../model/networkFile.js';
import { connectChainDev, startChain, type ChainPeer } from '../peers/chain/index.js';
import type { OnChainPlan, OnChainStep, PlannedNode } from '../plan/types.js';
import { downwardDelivery, type DownwardDelivery } from '../../test/downwardMessages.js';
import { MemoryJournal } from '../../test/memoryJournal.js';
import { TEST_SUDO_FUNDS } from '../../test/peers.js';
import { connect } from './connect.js';
import { executePlan, type ExecuteResult } from './execute.js';

const PARA_ID = 1000;
const RUN = randomUUID().slice(0, 8);
const NODE_SEED = `//substrate-gitops//root-${RUN}`;
const PARA_OPERATOR_URI = `//substrate-gitops//root-${RUN}//para-operator`;

let westend: ChainPeer;
let relay: ApiPromise;
let para: ApiPromise;
let relayDev: Awaited<ReturnType<typeof connectChainDev>>;
let paraDev: Awaited<ReturnType<typeof connectChainDev>>;
let delivery: DownwardDelivery;
const sr = () => new Keyring({ type: 'sr25519', ss58Format: 42 });

beforeAll(async () => {
  await cryptoWaitReady();
  westend = await startChain({ runtime: 'relay-v2', sudo: inject('sudoAddress') });
  await westend.fund(inject('sudoAddress'), TEST_SUDO_FUNDS);
  [relay, para] = await Promise.all([connect(westend.wsUrl), connect(inject('parachainWs'))]);
  relayDev = await connectChainDev(westend.wsUrl);
  paraDev = await connectChainDev(inject('parachainWs'));
  delivery = await downwardDelivery(relay, inject('parachainWs'), PARA_ID);
  await paraDev.fund(sr().addFromUri(PARA_OPERATOR_URI).address, 10n ** 15n);
}, 240_000);

afterAll(async () => {
  await delivery?.close();
  await relayDev?.close();
  await paraDev?.close();
  await Promise.all([relay?.disconnect(), para?.disconnect()]);
  await westend?.stop();
});

const relaySpec: NetworkSpec = {
  apiVersion: 'substrate-gitops.io/v1alpha1',
  kind: 'Network',
  name: 'westend-relay',
  chain: { name: 'westend-dev', kind: 'relay', rpc: 'ws://127.0.0.1' },
  operator: { seedSecret: { name: 'relay-operator' }, root: 'sudo' },
  registration: {},
};

const paraSpec = (mode: 'invulnerable' | 'candidate'): NetworkSpec => ({
  apiVersion: 'substrate-gitops.io/v1alpha1',
  kind: 'Network',
  name: 'asset-hub',
  chain: { name: 'asset-hub', kind: 'parachain', rpc: inject('parachainWs'), paraId: PARA_ID, relay: 'westend-relay' },
  operator: { seedSecret: { name: 'para-operator' }, root: 'relay-xcm' },
  registration: { collators: mode },
});

const seeds = async (secret: string) => (secret === 'relay-operator' ? inject('sudoUri') : secret === 'para-operator' ? PARA_OPERATOR_URI : NODE_SEED);

const collator = (pod: string): PlannedNode => ({
  network: 'asset-hub',
  group: 'collator',
  pod,
  role: 'collator',
  keys: { secret: 'asset-hub-seeds', secretKey: 'seed', keyPath: `//${pod}//{type}//g{generation}`, accountPath: `//${pod}`, keyTypes: [{ type: 'aura', scheme: 'sr25519' }], generation: 1 },
});

/** Derived here with the keyring, independently of the executor. */
const accountOf = (pod: string) => u8aToHex(sr().addFromUri(`${NODE_SEED}//${pod}`).publicKey);

let runs = 0;
async function execute(steps: OnChainStep[], spec: NetworkSpec): Promise<ExecuteResult> {
  const journal = new MemoryJournal();
  const plan: OnChainPlan = { network: 'asset-hub', steps, notes: [] };
  const id = `asset-hub@${RUN}-${++runs}`;
  await journal.record({ id, network: 'asset-hub', commit: String(runs), sequence: runs, plan });
  return executePlan({
    api: para,
    plan,
    spec,
    seeds,
    journal,
    entryId: id,
    relay: { api: relay, spec: relaySpec },
    produceBlock: async (chain) => void (chain === relay ? await relayDev.newBlock() : await delivery.newParaBlock()),
    timeoutMs: 60_000,
    paraEffectTimeoutMs: 60_000,
  });
}

const invulnerables = async () => ((await para.query.collatorSelection!.invulnerables!()) as unknown as { toHex(): string }[]).map((a) => a.toHex());
const relayNonce = async () => (await relay.rpc.system.accountNextIndex(inject('sudoAddress'))).toNumber();

describe('root on the para through the relay (XCM v2 Transact, Superuser)', () => {
  it('adds an invulnerable after its keys are set, keeps the others, removes it again, and a re-run sends nothing', async () => {
    const pod = `inv-${RUN}`;
    const node = collator(pod);
    const before = await invulnerables();

    const added = await execute(
      [
        { kind: 'set-session-keys', node, toGeneration: 1, reason: 'new-node' },
        { kind: 'register-collator', node, mode: 'invulnerable' },
      ],
      paraSpec('invulnerable'),
    );
    expect(added.steps.map((s) => [s.state, s.note])).toEqual([
      ['included', undefined],
      ['included', undefined],
    ]);
    expect(await invulnerables()).toEqual([...before, accountOf(pod)]);

    const removed = await execute([{ kind: 'deregister-collator', node, mode: 'invulnerable' }], paraSpec('invulnerable'));
    expect(removed.steps[0]).toMatchObject({ state: 'included' });
    expect(await invulnerables()).toEqual(before);

    const nonce = await relayNonce();
    const again = await execute([{ kind: 'deregister-collator', node, mode: 'invulnerable' }], paraSpec('invulnerable'));
    expect(again.extrinsics).toBe(0);
    expect(again.steps[0]!.note).toMatch(/not a collator \(invulnerable\): nothing to remove/);
    expect(await relayNonce()).toBe(nonce);
  });

  it('makes room for a new candidate by raising desiredCandidates through the relay, then the candidate registers itself', async () => {
    const pod = `cand-${RUN}`;
    const node = collator(pod);
    const candidates = async () => ((await para.query.collatorSelection!.candidates!()).toJSON() as { who: string }[]).map((c) => para.createType('AccountId', c.who).toHex());
    const count = (await candidates()).length;
    await paraDev.setStorage({ CollatorSelection: { DesiredCandidates: count } });

    const result = await execute(
      [
        { kind: 'set-session-keys', node, toGeneration: 1, reason: 'new-node' },
        { kind: 'register-collator', node, mode: 'candidate' },
      ],
      paraSpec('candidate'),
    );
    expect(result.steps.map((s) => s.state)).toEqual(['included', 'included']);
    expect(Number((await para.query.collatorSelection!.desiredCandidates!()).toString())).toBe(count + 1);
    expect(await candidates()).toContain(accountOf(pod));
  });
});
