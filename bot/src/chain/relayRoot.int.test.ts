// Root on a parachain without sudo, end to end: the relay's sudo sends XCM `Transact` with
// Superuser origin and the parachain executes it as root. The relay here is Westend dev
// (westend 9320, XCM v2 era, started by this file): the shared Paseo peer cannot send the Asset
// Hub peer (statemine 900, XCM ≤ 2) anything it reads (see collators.int.test.ts). Each para
// block gets the relay's queued downward messages, as relay validators would hand them over.
// Every assertion reads the para's storage.
import { randomUUID } from 'node:crypto';
import type { ApiPromise } from '@polkadot/api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { NetworkSpec } from '../model/networkFile.js';
import { startChain, type ChainPeer } from '../peers/chain/index.js';
import type { OnChainPlan, OnChainStep } from '../plan/types.js';
import { MemoryJournal } from '../../test/memoryJournal.js';
import { TEST_SUDO_FUNDS } from '../../test/peers.js';
import { connectRelayAndPara, type RelayParaPair } from '../../test/relayParaPair.js';
import { executePlan, type ExecuteResult } from './execute.js';

let westend: ChainPeer;
let pair: RelayParaPair;
let relay: ApiPromise;
let para: ApiPromise;

beforeAll(async () => {
  westend = await startChain({ runtime: 'relay-v2', sudo: inject('sudoAddress') });
  await westend.fund(inject('sudoAddress'), TEST_SUDO_FUNDS);
  pair = await connectRelayAndPara({ relayWs: westend.wsUrl, paraWs: inject('parachainWs'), relaySudoUri: inject('sudoUri'), relayChainName: 'westend-dev', tag: 'root' });
  ({ relay, para } = pair);
}, 240_000);

afterAll(async () => {
  await pair?.close();
  await westend?.stop();
});

const RUN = randomUUID().slice(0, 8);

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
    seeds: pair.seeds,
    journal,
    entryId: id,
    relay: { api: relay, spec: pair.relaySpec },
    produceBlock: async (chain) => void (chain === relay ? await pair.relayDev.newBlock() : await pair.delivery.newParaBlock()),
    timeoutMs: 60_000,
    paraEffectTimeoutMs: 60_000,
  });
}

const invulnerables = async () => ((await para.query.collatorSelection!.invulnerables!()) as unknown as { toHex(): string }[]).map((a) => a.toHex());
const relayNonce = async () => (await relay.rpc.system.accountNextIndex(inject('sudoAddress'))).toNumber();

describe('root on the para through the relay (XCM v2 Transact, Superuser)', () => {
  it('adds an invulnerable after its keys are set, keeps the others, removes it again, and a re-run sends nothing', async () => {
    const pod = `inv-${RUN}`;
    const node = pair.collator(pod);
    const before = await invulnerables();

    const added = await execute(
      [
        { kind: 'set-session-keys', node, toGeneration: 1, reason: 'new-node' },
        { kind: 'register-collator', node, mode: 'invulnerable' },
      ],
      pair.paraSpec('invulnerable'),
    );
    expect(added.steps.map((s) => [s.state, s.note])).toEqual([
      ['included', undefined],
      ['included', undefined],
    ]);
    expect(await invulnerables()).toEqual([...before, pair.accountOf(pod)]);

    const removed = await execute([{ kind: 'deregister-collator', node, mode: 'invulnerable' }], pair.paraSpec('invulnerable'));
    expect(removed.steps[0]).toMatchObject({ state: 'included' });
    expect(await invulnerables()).toEqual(before);

    const nonce = await relayNonce();
    const again = await execute([{ kind: 'deregister-collator', node, mode: 'invulnerable' }], pair.paraSpec('invulnerable'));
    expect(again.extrinsics).toBe(0);
    expect(again.steps[0]!.note).toMatch(/not a collator \(invulnerable\): nothing to remove/);
    expect(await relayNonce()).toBe(nonce);
  });

  it('makes room for a new candidate by raising desiredCandidates through the relay, then the candidate registers itself', async () => {
    const pod = `cand-${RUN}`;
    const node = pair.collator(pod);
    const candidates = async () => ((await para.query.collatorSelection!.candidates!()).toJSON() as { who: string }[]).map((c) => para.createType('AccountId', c.who).toHex());
    const count = (await candidates()).length;
    await pair.paraDev.setStorage({ CollatorSelection: { DesiredCandidates: count } });

    const result = await execute(
      [
        { kind: 'set-session-keys', node, toGeneration: 1, reason: 'new-node' },
        { kind: 'register-collator', node, mode: 'candidate' },
      ],
      pair.paraSpec('candidate'),
    );
    expect(result.steps.map((s) => s.state)).toEqual(['included', 'included']);
    expect(Number((await para.query.collatorSelection!.desiredCandidates!()).toString())).toBe(count + 1);
    expect(await candidates()).toContain(pair.accountOf(pod));
  });
});
