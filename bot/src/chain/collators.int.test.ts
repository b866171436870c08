// Collator steps on a system parachain without sudo (Rococo Asset Hub, statemine 900), whose
// root is the relay's sudo sending XCM (Paseo, paseo 1001002), on the two chopsticks peers.
// The peers run apart: `downwardDelivery` plays the relay validators' part and hands each
// para block the messages the relay queued for it. Every assertion reads the para's storage.
//
// Measured on these peers, and asserted below: the relay's router sends XCM v3 by default (its
// safe version) and tags every message with a v3 SetTopic; the para understands XCM ≤ 2 and
// drops a v3 message unread (dmpQueue.InvalidFormat). With the version pinned to 2 the relay
// refuses to send at all (xcmPallet.Unreachable). So on this pair no root call reaches the
// para: root-lane steps must fail saying why and change nothing; node-lane steps work.
import { randomUUID } from 'node:crypto';
import type { ApiPromise } from '@polkadot/api';
import { bnToU8a, compactToU8a, hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { entryId } from '../journal/entries.js';
import type { OnChainPlan, OnChainStep, PlannedNode } from '../plan/types.js';
import type { DownwardDelivery, DownwardMessage } from '../../test/downwardMessages.js';
import { ASSET_HUB_PARA_ID, connectRelayAndPara, sr25519, type RelayParaPair } from '../../test/relayParaPair.js';
import type { SeedSource } from './identity.js';
import { MemoryJournal } from '../../test/memoryJournal.js';
import { executePlan, type ExecuteResult } from './execute.js';
import { runtimeFacts } from './metadata.js';
import { waitForParaState } from './paraEffects.js';
import { paraDestination, superuserTransact, transactWeight } from './xcm.js';
import { connectRpc } from '../peers/chain/rpc.js';

const PARA_ID = ASSET_HUB_PARA_ID;
const RUN = randomUUID().slice(0, 8);
const PARA = 'asset-hub';

let pair: RelayParaPair;
let relay: ApiPromise;
let para: ApiPromise;
let relayDev: RelayParaPair['relayDev'];
let paraDev: RelayParaPair['paraDev'];
let delivery: DownwardDelivery;
const sr = sr25519;

beforeAll(async () => {
  pair = await connectRelayAndPara({ relayWs: inject('relayWs'), paraWs: inject('parachainWs'), relaySudoUri: inject('sudoUri'), relayChainName: 'paseo', tag: 'test' });
  ({ relay, para, relayDev, paraDev, delivery } = pair);
});

afterAll(async () => {
  await pair?.close();
});

const relaySpec = () => pair.relaySpec;
const paraSpec = (mode: 'invulnerable' | 'candidate', root: 'relay-xcm' | 'sudo' = 'relay-xcm') => pair.paraSpec(mode, root);
const seeds: SeedSource = (secret, key, namespace) => pair.seeds(secret, key, namespace);
const collator = (pod: string): PlannedNode => pair.collator(pod);

/** Derived here with the keyring, independently of the executor. */
const accountOf = (pod: string) => pair.accountOf(pod);
const auraKeyOf = (pod: string, generation: number) => u8aToHex(sr().addFromUri(`${pair.nodeSeed}//${pod}//aura//g${generation}`).publicKey);

let commits = 0;
async function execute(steps: OnChainStep[], spec = paraSpec('invulnerable')): Promise<ExecuteResult & { journal: MemoryJournal; id: string }> {
  const journal = new MemoryJournal();
  const commit = `${RUN}${String(++commits).padStart(4, '0')}`.padEnd(40, '0');
  const plan: OnChainPlan = { network: PARA, steps, notes: [] };
  const id = entryId(PARA, commit);
  await journal.record({ id, network: PARA, commit, sequence: commits, plan });
  const result = await executePlan({
    api: para,
    plan,
    spec,
    seeds,
    journal,
    entryId: id,
    relay: { api: relay, spec: relaySpec() },
    produceBlock: async (chain) => void (chain === relay ? await relayDev.newBlock() : await delivery.newParaBlock()),
    timeoutMs: 60_000,
    paraEffectTimeoutMs: 60_000,
  });
  return { ...result, journal, id };
}

const hexList = (value: unknown) => (value as { toHex(): string }[]).map((a) => a.toHex());
const invulnerables = async () => hexList(await para.query.collatorSelection!.invulnerables!());
const candidates = async () => (await para.query.collatorSelection!.candidates!()).toJSON() as { who: string; deposit: number | string }[];
const events = async (api: ApiPromise) => ((await api.query.system!.events!()) as unknown as { event: { section: string; method: string } }[]).map((e) => `${e.event.section}.${e.event.method}`);
const candidateAccounts = async () => (await candidates()).map((c) => para.createType('AccountId', c.who).toHex());
const nextKeys = async (account: string) => (await para.query.session!.nextKeys!(account)).toHex();
const nonces = async (accounts: { relay: string[]; para: string[] }) => ({
  relay: await Promise.all(accounts.relay.map(async (a) => (await relay.rpc.system.accountNextIndex(a)).toNumber())),
  para: await Promise.all(accounts.para.map(async (a) => (await para.rpc.system.accountNextIndex(a)).toNumber())),
});
const reserved = async (account: string) => BigInt(((await para.query.system!.account!(account)) as unknown as { data: { reserved: { toString(): string } } }).data.reserved.toString());

describe('downward messages from the relay peer reach the para peer', () => {
  it('a para block takes each queued message in exactly once; one the para cannot read is reported, not waited for forever', async () => {
    const before = (await para.query.parachainSystem!.lastDmqMqcHead!()).toHex();
    const desired = Number((await para.query.collatorSelection!.desiredCandidates!()).toString());
    // What the relay sends when it has no version on record for the para: its safe version, 3.
    const setDesired = para.tx.collatorSelection!.setDesiredCandidates!(desired + 1).method.toHex();
    const message = superuserTransact(3, setDesired, { refTime: 2_000_000_000n, proofSize: 100_000n });
    const sudo = sr().addFromUri(inject('sudoUri'));
    await relay.tx.sudo!.sudo!(relay.tx.xcmPallet!.send!(paraDestination(3, PARA_ID), message)).signAndSend(sudo, { nonce: (await relay.rpc.system.accountNextIndex(sudo.address)).toNumber() });
    await relayDev.newBlock();
    const pending = await delivery.pending();
    expect(pending).toHaveLength(1);

    const carried: DownwardMessage[][] = [];
    const seen: string[][] = [];
    const wait = waitForParaState(`collatorSelection.desiredCandidates is ${desired + 1}`, async () => Number((await para.query.collatorSelection!.desiredCandidates!()).toString()) === desired + 1, {
      timeoutMs: 60_000,
      maxBlocks: 3,
      produceBlock: async () => {
        carried.push(await delivery.newParaBlock());
        seen.push(await events(para));
      },
    });
    await expect(wait).rejects.toThrow(/within 3 para blocks the para did not show that collatorSelection\.desiredCandidates is \d+: .*InvalidFormat/);
    expect(carried).toEqual([pending, [], []]);
    expect(seen[0]).toEqual(expect.arrayContaining(['parachainSystem.DownwardMessagesReceived', 'dmpQueue.InvalidFormat']));
    expect(Number((await para.query.collatorSelection!.desiredCandidates!()).toString())).toBe(desired);

    // cumulus' message queue chain: head' = blake2(head ++ sentAt(u32) ++ blake2(SCALE(msg))).
    const msg = hexToU8a(pending[0]!.msg);
    const expected = blake2AsU8a(u8aConcat(hexToU8a(before), bnToU8a(pending[0]!.sentAt, { bitLength: 32, isLe: true }), blake2AsU8a(u8aConcat(compactToU8a(msg.length), msg))));
    expect((await para.query.parachainSystem!.lastDmqMqcHead!()).toHex()).toBe(u8aToHex(expected));
  });

  it('waiting for the para\'s state resolves once a para block shows it', async () => {
    const operator = sr().addFromUri(pair.paraOperatorUri);
    const to = sr().addFromUri(`${pair.nodeSeed}//payee`).address;
    const free = async () => BigInt(((await para.query.system!.account!(to)) as unknown as { data: { free: { toString(): string } } }).data.free.toString());
    const start = await free();
    await para.tx.balances!.transferKeepAlive!(to, 10n ** 12n).signAndSend(operator, { nonce: (await para.rpc.system.accountNextIndex(operator.address)).toNumber() });
    let blocks = 0;
    await waitForParaState('the payment arrived', async () => (await free()) === start + 10n ** 12n, { timeoutMs: 60_000, produceBlock: async () => void (blocks++, await delivery.newParaBlock()) });
    expect(blocks).toBe(1);
  });
});

describe('collator steps on a para whose root is the relay', () => {
  it('the runtimes share XCM v2 only, which the executor reads from their metadata', () => {
    expect(runtimeFacts(relay).xcmVersions).toEqual([2, 3]);
    expect(runtimeFacts(para).xcmVersions).toEqual([0, 1, 2]);
    expect(runtimeFacts(para).sessionKeyFields).toEqual(['aura']);
  });

  it('sets a new collator\'s session keys, signed by the collator after the para operator funded it; a re-run submits nothing', async () => {
    const pod = `keys-${RUN}`;
    const node = collator(pod);
    const paraOperator = sr().addFromUri(pair.paraOperatorUri).address;
    const steps: OnChainStep[] = [{ kind: 'set-session-keys', node, toGeneration: 1, reason: 'new-node' }];
    expect(await nextKeys(accountOf(pod))).toBe('0x');

    const first = await execute(steps);
    expect(first.steps.map((s) => [s.state, s.note])).toEqual([['included', undefined]]);
    expect(first.extrinsics).toBe(2); // the funding transfer, the collator's own setKeys
    expect(await nextKeys(accountOf(pod))).toBe(auraKeyOf(pod, 1));

    const before = await nonces({ relay: [inject('sudoAddress')], para: [paraOperator, accountOf(pod)] });
    const again = await execute(steps);
    expect(again.steps.map((s) => s.state)).toEqual(['skipped']);
    expect(again.extrinsics).toBe(0);
    expect(await nonces({ relay: [inject('sudoAddress')], para: [paraOperator, accountOf(pod)] })).toEqual(before);
  });

  it('an invulnerable through the relay: the set is the on-chain one plus the node; the relay refuses v2, the step fails saying why, nothing changes', async () => {
    const pod = `inv-${RUN}`;
    const genesis = await invulnerables();
    expect(genesis).toHaveLength(4);
    const versionRecords = (await relay.query.xcmPallet!.supportedVersion!.entries()).length;
    const relayNonce = (await relay.rpc.system.accountNextIndex(inject('sudoAddress'))).toNumber();

    const result = await execute([{ kind: 'register-collator', node: collator(pod), mode: 'invulnerable' }]);
    expect(result.extrinsics).toBe(1);
    expect(result.steps[0]!.state).toBe('failed');
    expect(result.steps[0]!.note).toMatch(/xcmPallet\.Unreachable/);
    expect(result.steps[0]!.note).toMatch(/SetTopic/);
    expect(result.steps[0]!.note).toMatch(/statemine 900/);

    // What the relay was asked to do, read back from the relay's block: pin v2, then send the
    // para's setInvulnerables with the four on-chain invulnerables and the new node.
    expect((await relay.rpc.system.accountNextIndex(inject('sudoAddress'))).toNumber()).toBe(relayNonce + 1);
    const block = await relay.rpc.chain.getBlock();
    const sent = block.block.extrinsics.find((x) => x.method.section === 'sudo')!;
    const batch = sent.method.args[0] as unknown as { method: string; args: unknown[] };
    const [force, send] = (batch.args[0] as unknown as { method: string; section: string; args: { toJSON(): unknown }[] }[]);
    expect(`${force!.section}.${force!.method}`).toBe('xcmPallet.forceXcmVersion');
    expect(force!.args[1]!.toJSON()).toBe(2);
    expect(`${send!.section}.${send!.method}`).toBe('xcmPallet.send');
    const message = send!.args[1]!.toJSON() as { v2: { transact: { originType: string; call: { encoded: string } } }[] };
    expect(message.v2[0]!.transact.originType).toBe('Superuser');
    const call = para.createType('Call', message.v2[0]!.transact.call.encoded);
    expect(`${call.section}.${call.method}`).toBe('collatorSelection.setInvulnerables');
    expect(hexList(call.args[0])).toEqual([...genesis, accountOf(pod)]);

    // The batch is atomic: the pinned version went with the refused send; the para is as it was.
    expect((await relay.query.xcmPallet!.supportedVersion!.entries()).length).toBe(versionRecords);
    await delivery.newParaBlock();
    expect(await invulnerables()).toEqual(genesis);

    // Once the relay has v2 on record for the para, the executor reads it and pins nothing: the
    // sudo call is the bare send, refused all the same.
    const sudo = sr().addFromUri(inject('sudoUri'));
    const location = { parents: 0, interior: { X1: { Parachain: PARA_ID } } };
    await relay.tx.sudo!.sudo!(relay.tx.xcmPallet!.forceXcmVersion!(location, 2)).signAndSend(sudo, { nonce: (await relay.rpc.system.accountNextIndex(sudo.address)).toNumber() });
    await relayDev.newBlock();
    const again = await execute([{ kind: 'register-collator', node: collator(pod), mode: 'invulnerable' }]);
    expect(again.steps[0]!.note).toMatch(/xcmPallet\.Unreachable.*SetTopic/);
    const resent = (await relay.rpc.chain.getBlock()).block.extrinsics.find((x) => x.method.section === 'sudo')!;
    const inner = resent.method.args[0] as unknown as { section: string; method: string };
    expect(`${inner.section}.${inner.method}`).toBe('xcmPallet.send');
    expect(await invulnerables()).toEqual(genesis);
  });

  it('candidates: without room, raising desiredCandidates through the relay fails and the candidates with it; with room they register, one leaves, and a re-run submits nothing', async () => {
    // statemine 900 lets a candidate leave only while more than MinCandidates (5) remain: six join.
    const pods = Array.from({ length: 6 }, (_, i) => `cand-${RUN}-${i}`);
    const nodes = pods.map(collator);
    const accounts = pods.map(accountOf);
    const keys: OnChainStep[] = nodes.map((node) => ({ kind: 'set-session-keys', node, toGeneration: 1, reason: 'new-node' }));
    const joins: OnChainStep[] = nodes.map((node) => ({ kind: 'register-collator', node, mode: 'candidate' }));
    const count = (await candidates()).length;
    await paraDev.setStorage({ CollatorSelection: { DesiredCandidates: count } });

    const blocked = await execute([...keys, ...joins], paraSpec('candidate'));
    expect(blocked.steps.map((s) => s.state)).toEqual([...keys.map(() => 'included'), ...joins.map(() => 'failed')]);
    expect(blocked.steps[keys.length]!.note).toMatch(new RegExp(`desiredCandidates must be raised to ${count + 6} `));
    expect(blocked.steps[keys.length]!.note).toMatch(/SetTopic/);
    for (const [i, pod] of pods.entries()) expect(await nextKeys(accounts[i]!)).toBe(auraKeyOf(pod, 1));
    expect(await candidateAccounts()).toHaveLength(count);
    expect(Number((await para.query.collatorSelection!.desiredCandidates!()).toString())).toBe(count);

    // The para's governance makes room (here the test, since no root call reaches this para).
    await paraDev.setStorage({ CollatorSelection: { DesiredCandidates: count + 6 } });
    const bond = BigInt((await para.query.collatorSelection!.candidacyBond!()).toString());
    const reservedBefore = await Promise.all(accounts.map(reserved));
    const joined = await execute([...keys, ...joins], paraSpec('candidate'));
    expect(joined.steps.map((s) => s.state)).toEqual([...keys.map(() => 'skipped'), ...joins.map(() => 'included')]);
    expect(joined.extrinsics).toBe(6); // each candidate's own registerAsCandidate (the first run funded them)
    const listed = (await candidates()).map((c) => ({ who: para.createType('AccountId', c.who).toHex(), deposit: BigInt(c.deposit) }));
    for (const [i, account] of accounts.entries()) {
      expect(listed).toContainEqual({ who: account, deposit: bond });
      expect((await reserved(account)) - reservedBefore[i]!).toBe(bond);
    }

    const leave: OnChainStep[] = [{ kind: 'deregister-collator', node: nodes[0]!, mode: 'candidate' }];
    const left = await execute(leave, paraSpec('candidate'));
    expect(left.steps.map((s) => [s.state, s.note])).toEqual([['included', undefined]]);
    expect(await candidateAccounts()).not.toContain(accounts[0]);
    expect(await candidateAccounts()).toEqual(expect.arrayContaining(accounts.slice(1)));
    expect(await reserved(accounts[0]!)).toBe(reservedBefore[0]);

    const paraOperator = sr().addFromUri(pair.paraOperatorUri).address;
    const before = await nonces({ relay: [inject('sudoAddress')], para: [paraOperator, ...accounts] });
    const again = await execute([...keys, ...joins.slice(1), ...leave], paraSpec('candidate'));
    expect(again.steps.every((s) => s.state === 'skipped')).toBe(true);
    expect(again.extrinsics).toBe(0);
    expect(await nonces({ relay: [inject('sudoAddress')], para: [paraOperator, ...accounts] })).toEqual(before);
  });

  it('a para spec that claims root by sudo fails before anything is sent, naming the missing call', async () => {
    const paraOperator = sr().addFromUri(pair.paraOperatorUri).address;
    const before = await nonces({ relay: [inject('sudoAddress')], para: [paraOperator] });
    await expect(execute([{ kind: 'register-collator', node: collator(`sudo-${RUN}`), mode: 'invulnerable' }], paraSpec('invulnerable', 'sudo'))).rejects.toThrow(
      /statemine 900 has no pallet `sudo`.*`sudo\.sudo`.*operator\.root: relay-xcm/,
    );
    expect(await nonces({ relay: [inject('sudoAddress')], para: [paraOperator] })).toEqual(before);
  });
});

describe('the para side of relay-xcm root, without the relay that cannot send v2 to it', () => {
  it('the v2 Superuser Transact the executor builds, handed to the para as its parent\'s message, runs as root: one invulnerable added, then removed, the others kept', async () => {
    // The pallet takes only collators whose session keys are registered: keys first (node lane).
    const keys = await execute([{ kind: 'set-session-keys', node: collator(`xcm-${RUN}`), toGeneration: 1, reason: 'new-node' }]);
    expect(keys.steps.map((s) => s.state)).toEqual(['included']);
    const before = await invulnerables();
    const account = accountOf(`xcm-${RUN}`);
    const deliver = async (set: string[]) => {
      const call = para.tx.collatorSelection!.setInvulnerables!(set);
      const message = para.createType('XcmVersionedXcm', superuserTransact(2, call.method.toHex(), transactWeight({ refTime: 5_000_000_000n, proofSize: 100_000n })));
      const sentAt = (await relay.rpc.chain.getHeader()).number.toNumber();
      const rpc = await connectRpc(inject('parachainWs'));
      try {
        await rpc.send('dev_newBlock', [{ dmp: [{ sentAt, msg: message.toHex() }] }]);
      } finally {
        await rpc.close();
      }
      expect(await events(para)).toEqual(expect.arrayContaining(['parachainSystem.DownwardMessagesReceived', 'dmpQueue.ExecutedDownward']));
    };
    await deliver([...before, account]);
    expect(await invulnerables()).toEqual([...before, account]);
    // And back (the peer is shared with other test files): the node removed, the others kept.
    await deliver(before);
    expect(await invulnerables()).toEqual(before);
  });
});
