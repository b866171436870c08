// Faults between signing and inclusion, on the real relay runtime (chopsticks builds no block
// unless asked, so a run can be caught exactly there): the bot killed with SIGKILL, and the
// RPC connection cut right after the node received the extrinsic. Exactly once is judged on
// the chain: the operator's nonce moves by one and the storage holds the change.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiPromise } from '@polkadot/api';
import { hexToU8a } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { FileJournal } from '../journal/fileJournal.js';
import type { JournalEntry } from '../journal/types.js';
import { connectChainDev, type ChainDev } from '../peers/chain/index.js';
import { connectRpc } from '../peers/chain/rpc.js';
import type { OnChainPlan } from '../plan/types.js';
import { REPO_ROOT } from '../tools/cache.js';
import { startDroppingProxy, type DroppingProxy } from '../../test/droppingProxy.js';
import { MemoryJournal } from '../../test/memoryJournal.js';
import { accountOf, expectedSessionKeys, isStakingValidator, nextKeysOf, relayNetwork, stateNonce, type RelayNetwork } from '../../test/relayNetwork.js';
import { connect } from './connect.js';
import { executePlan } from './execute.js';

const FIXTURE = join(REPO_ROOT, 'bot', 'src', 'chain', 'executePlan.fixture.ts');

let api: ApiPromise;
let dev: ChainDev & { close(): Promise<void> };
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  api = await connect(inject('relayWs'));
  dev = await connectChainDev(inject('relayWs'));
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await api?.disconnect();
  await dev?.close();
});

const operatorNonce = () => stateNonce(api, inject('sudoAddress'));

function newValidatorPlan(net: RelayNetwork): OnChainPlan {
  return {
    network: net.name,
    steps: [
      { kind: 'set-session-keys', node: net.node('validator-0'), toGeneration: 1, reason: 'new-node' },
      { kind: 'register-validator', node: net.node('validator-0') },
    ],
    notes: [],
  };
}

async function eventually(condition: () => Promise<boolean>, what: string, limitMs = 90_000): Promise<void> {
  for (const started = Date.now(); Date.now() - started < limitMs; ) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`still waiting after ${limitMs / 1000} s: ${what}`);
}

/** Hashes of the extrinsics waiting in the node's pool. */
async function pooled(): Promise<string[]> {
  const rpc = await connectRpc(inject('relayWs'));
  try {
    return (await rpc.send<string[]>('author_pendingExtrinsics', [])).map((x) => blake2AsHex(hexToU8a(x), 256));
  } finally {
    await rpc.close();
  }
}

const submittedHashes = (entry: JournalEntry | undefined) =>
  Object.values(entry?.steps ?? {}).flatMap((s) => (s.state === 'submitted' ? [s.extrinsicHash] : []));

/**
 * Run the executor in a process of its own on a file journal, wait until its batch is journaled
 * as signed AND sits in the node's pool (broadcast), then SIGKILL it. Returns the journaled hash.
 */
async function killBetweenSubmitAndInclusion(net: RelayNetwork, journalDir: string, entryId: string): Promise<string> {
  const config = join(journalDir, '..', 'fixture.json');
  await writeFile(config, JSON.stringify({ wsUrl: inject('relayWs'), journalDir, entryId, spec: net.spec, secrets: net.secrets }), { mode: 0o600 });
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, config], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  const journal = new FileJournal(journalDir);
  let hash = '';
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`the executor process exited (${child.exitCode}) before it was killed:\n${output}`);
    const hashes = submittedHashes(await journal.get(entryId));
    if (hashes.length !== 2 || hashes[0] !== hashes[1]) return false;
    hash = hashes[0]!;
    return (await pooled()).includes(hash);
  }, 'the executor process to journal its batch and broadcast it');
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return hash;
}

async function journalDirFor(net: RelayNetwork, plan: OnChainPlan): Promise<{ dir: string; entryId: string }> {
  const root = await mkdtemp(join(tmpdir(), 'sg-faults-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const dir = join(root, 'journal');
  const entryId = `${net.name}@merge`;
  await new FileJournal(dir).record({ id: entryId, network: net.name, commit: 'merge', sequence: 1, plan });
  return { dir, entryId };
}

async function expectAppliedOnce(net: RelayNetwork, nonceBefore: number): Promise<void> {
  const account = await accountOf(net, 'validator-0');
  expect(await operatorNonce()).toBe(nonceBefore + 1);
  expect(await nextKeysOf(api, account)).toBe(expectedSessionKeys(net, 'validator-0', 1));
  expect(await isStakingValidator(api, account)).toBe(true);
}

describe('the bot killed between submit and inclusion', () => {
  it('restarts, re-signs with the journaled nonce, and the steps land exactly once', async () => {
    const net = relayNetwork(inject('relayWs'), inject('sudoUri'));
    const plan = newValidatorPlan(net);
    const { dir, entryId } = await journalDirFor(net, plan);
    const nonceBefore = await operatorNonce();
    const signed = await killBetweenSubmitAndInclusion(net, dir, entryId);

    const journal = new FileJournal(dir);
    const result = await executePlan({ api, plan, spec: net.spec, seeds: net.seeds, journal, entryId, produceBlock: async () => void (await dev.newBlock()) });
    expect(result.steps.map((s) => s.state)).toEqual(['included', 'included']);
    await expectAppliedOnce(net, nonceBefore);
    // The journal still knows the first signing: whichever signing landed, both are accounted for.
    const landed = result.steps[0]!.extrinsicHash!;
    const states = Object.values((await journal.get(entryId))!.steps);
    expect(states.every((s) => s.state === 'included' && s.extrinsicHash === landed)).toBe(true);
    expect(landed === signed || (await pooled()).length === 0).toBe(true);
  });

  it('finds its extrinsic when a block included it while the bot was down, and submits nothing', async () => {
    const net = relayNetwork(inject('relayWs'), inject('sudoUri'));
    const plan = newValidatorPlan(net);
    const { dir, entryId } = await journalDirFor(net, plan);
    const nonceBefore = await operatorNonce();
    const signed = await killBetweenSubmitAndInclusion(net, dir, entryId);
    await dev.newBlock();

    const result = await executePlan({ api, plan, spec: net.spec, seeds: net.seeds, journal: new FileJournal(dir), entryId, produceBlock: async () => void (await dev.newBlock()) });
    expect(result.extrinsics).toBe(0);
    expect(result.steps.map((s) => [s.state, s.extrinsicHash])).toEqual([
      ['included', signed],
      ['included', signed],
    ]);
    await expectAppliedOnce(net, nonceBefore);
  });
});

describe('the RPC connection dropped mid-batch', () => {
  let proxy: DroppingProxy;
  let proxied: ApiPromise;

  beforeAll(async () => {
    proxy = await startDroppingProxy(Number(new URL(inject('relayWs')).port));
    proxied = await connect(proxy.url);
  });

  afterAll(async () => {
    await proxied?.disconnect();
    await proxy?.close();
  });

  it('reconnects and re-sends the same signed bytes: included once', async () => {
    const net = relayNetwork(inject('relayWs'), inject('sudoUri'));
    const plan = newValidatorPlan(net);
    const journal = new MemoryJournal();
    await journal.record({ id: 'drop@1', network: net.name, commit: '1', sequence: 1, plan });
    const nonceBefore = await operatorNonce();
    proxy.dropOnNext('author_submitExtrinsic');

    const result = await executePlan({ api: proxied, plan, spec: net.spec, seeds: net.seeds, journal, entryId: 'drop@1', produceBlock: async () => void (await dev.newBlock()) });
    expect(proxy.drops).toBe(1);
    expect(proxy.connections).toBeGreaterThanOrEqual(2);
    expect(proxy.sent('author_submitExtrinsic')).toBeGreaterThanOrEqual(2);
    expect(result.extrinsics).toBe(1);
    expect(result.steps.map((s) => s.state)).toEqual(['included', 'included']);
    await expectAppliedOnce(net, nonceBefore);
  });
});
