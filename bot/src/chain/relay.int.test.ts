// The executor on the real Paseo runtime (chopsticks): every assertion reads the chain's storage
// (`session.nextKeys`, `staking.*`, `paras.*`, `registrar.*`, `slots.*`), not the executor's report.
import { randomInt } from 'node:crypto';
import type { ApiPromise } from '@polkadot/api';
import { blake2AsHex } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { OnChainPlan, OnChainStep } from '../plan/types.js';
import { connectChainDev, type ChainDev } from '../peers/chain/index.js';
import { connectRpc } from '../peers/chain/rpc.js';
import { MemoryJournal } from '../../test/memoryJournal.js';
import { PASEO_SESSION_KEY_ORDER, accountOf, expectedSessionKeys, isStakingValidator, nextKeysOf, relayNetwork, stateNonce, type RelayNetwork } from '../../test/relayNetwork.js';
import { connect } from './connect.js';
import { executePlan, type ExecuteOptions, type ExecuteResult } from './execute.js';
import { nodeRpcUrl, rotateKeysOnNode } from './rotateKeys.js';
import { startKeystoreNode } from '../../test/keystoreNode.js';

let api: ApiPromise;
let dev: ChainDev & { close(): Promise<void> };

beforeAll(async () => {
  api = await connect(inject('relayWs'));
  dev = await connectChainDev(inject('relayWs'));
});

afterAll(async () => {
  await api?.disconnect();
  await dev?.close();
});

let runs = 0;
async function execute(net: RelayNetwork, steps: OnChainStep[], extra: Pick<ExecuteOptions, 'rotateKeys'> = {}): Promise<ExecuteResult> {
  const plan: OnChainPlan = { network: net.name, steps, notes: [] };
  const journal = new MemoryJournal();
  const entryId = `${net.name}@run${++runs}`;
  await journal.record({ id: entryId, network: net.name, commit: String(runs), sequence: runs, plan });
  return executePlan({ api, plan, spec: net.spec, seeds: net.seeds, journal, entryId, produceBlock: async () => void (await dev.newBlock()), ...extra });
}

const operatorNonce = () => stateNonce(api, inject('sudoAddress'));

describe('validators on the relay chain (staking, driven by sudo)', () => {
  it('sets generation-1 keys and registers, then rotates to generation 2, then has nothing left to do', async () => {
    const net = relayNetwork(inject('relayWs'), inject('sudoUri'));
    const account = await accountOf(net, 'validator-0');
    const slots = async () => ({ count: Number((await api.query.staking!.validatorCount!()).toString()), intentions: Number((await api.query.staking!.counterForValidators!()).toString()) });
    const slotsBefore = await slots();
    const first = await execute(net, [
      { kind: 'set-session-keys', node: net.node('validator-0'), toGeneration: 1, reason: 'new-node' },
      { kind: 'register-validator', node: net.node('validator-0') },
    ]);
    expect(first.steps.map((s) => s.state)).toEqual(['included', 'included']);
    expect(await nextKeysOf(api, account)).toBe(expectedSessionKeys(net, 'validator-0', 1));
    expect(await isStakingValidator(api, account)).toBe(true);
    // One more intention, and room for it in the elected set (the count is never lowered).
    const slotsAfter = await slots();
    expect(slotsAfter.intentions).toBe(slotsBefore.intentions + 1);
    expect(slotsAfter.count).toBe(Math.max(slotsBefore.count, slotsAfter.intentions));

    const rotated = await execute(net, [{ kind: 'set-session-keys', node: net.node('validator-0', 2), fromGeneration: 1, toGeneration: 2, reason: 'rotation' }]);
    expect(rotated.steps[0]).toMatchObject({ state: 'included' });
    const onChain = await nextKeysOf(api, account);
    expect(onChain).toBe(expectedSessionKeys(net, 'validator-0', 2));
    expect(onChain).not.toBe(expectedSessionKeys(net, 'validator-0', 1));

    const before = await operatorNonce();
    const again = await execute(net, [
      { kind: 'set-session-keys', node: net.node('validator-0', 2), fromGeneration: 1, toGeneration: 2, reason: 'rotation' },
      { kind: 'register-validator', node: net.node('validator-0', 2) },
    ]);
    expect(again.extrinsics).toBe(0);
    expect(again.steps.map((s) => s.state)).toEqual(['skipped', 'skipped']);
    expect(again.steps[0]!.note).toMatch(/already generation 2/);
    expect(await operatorNonce()).toBe(before);
  });

  it('deregisters a registered validator: it leaves staking.validators and its bond starts unlocking', async () => {
    const net = relayNetwork(inject('relayWs'), inject('sudoUri'));
    const account = await accountOf(net, 'validator-7');
    await execute(net, [
      { kind: 'set-session-keys', node: net.node('validator-7'), toGeneration: 1, reason: 'new-node' },
      { kind: 'register-validator', node: net.node('validator-7') },
    ]);
    expect(await isStakingValidator(api, account)).toBe(true);

    const result = await execute(net, [{ kind: 'deregister-validator', node: net.node('validator-7') }]);
    expect(result.steps[0]).toMatchObject({ state: 'included' });
    expect(await isStakingValidator(api, account)).toBe(false);
    const ledger = (await api.query.staking!.ledger!(account)).toJSON() as { active: number | string; unlocking: unknown[] };
    expect(BigInt(ledger.active)).toBe(0n);
    expect(ledger.unlocking.length).toBe(1);
  });

  it('deregistering a validator that was never registered submits nothing and says why', async () => {
    const net = relayNetwork(inject('relayWs'), inject('sudoUri'));
    const before = await operatorNonce();
    const result = await execute(net, [{ kind: 'deregister-validator', node: net.node('validator-3') }]);
    expect(result.extrinsics).toBe(0);
    expect(result.steps[0]).toMatchObject({ state: 'skipped' });
    expect(result.steps[0]!.note).toMatch(/validator-3.*not a registered validator: nothing to deregister/);
    expect(await operatorNonce()).toBe(before);
    expect(await isStakingValidator(api, await accountOf(net, 'validator-3'))).toBe(false);
  });
});

describe('session keys the node makes itself (sessionKeys: rotate-rpc)', () => {
  it('sets the keys the node returned from author_rotateKeys, and does not ask again once they are on chain', async () => {
    const keystore = await startKeystoreNode(PASEO_SESSION_KEY_ORDER);
    try {
      const net = relayNetwork(inject('relayWs'), inject('sudoUri'));
      net.spec.registration = { validators: 'register', sessionKeys: 'rotate-rpc', nodeRpc: `${keystore.url}/{pod}` };
      const rotateKeys: ExecuteOptions['rotateKeys'] = (node, owner) => rotateKeysOnNode(nodeRpcUrl(net.spec.registration.nodeRpc!, node), owner);
      const steps: OnChainStep[] = [
        { kind: 'set-session-keys', node: net.node('validator-5'), toGeneration: 1, reason: 'new-node' },
        { kind: 'register-validator', node: net.node('validator-5') },
      ];
      const first = await execute(net, steps, { rotateKeys });
      expect(first.steps.map((s) => s.state)).toEqual(['included', 'included']);
      const made = keystore.generated('validator-5');
      expect(made).toHaveLength(1);
      const account = await accountOf(net, 'validator-5');
      expect(await nextKeysOf(api, account)).toBe(made[0]);
      expect(made[0]).not.toBe(expectedSessionKeys(net, 'validator-5', 1));

      const again = await execute(net, steps, { rotateKeys });
      expect(again.extrinsics).toBe(0);
      expect(again.steps[0]!.note).toMatch(/already has session keys/);
      expect(keystore.generated('validator-5')).toHaveLength(1);
    } finally {
      await keystore.close();
    }
  });
});

describe('parachains on the relay chain (registrar and slots, driven by sudo)', () => {
  /** The parachain peer's block-0 header and `:code`, read over plain JSON-RPC. */
  async function parachainGenesis(): Promise<{ head: string; codeHash: string; codeLength: number }> {
    const rpc = await connectRpc(inject('parachainWs'));
    try {
      const hash0 = await rpc.send<string>('chain_getBlockHash', [0]);
      const header = await rpc.send<{ parentHash: string; number: string; stateRoot: string; extrinsicsRoot: string; digest: { logs: string[] } }>('chain_getHeader', [hash0]);
      const code = await rpc.send<string>('state_getStorage', ['0x3a636f6465', hash0]);
      return { head: api.createType('Header', header).toHex(), codeHash: blake2AsHex(code, 256), codeLength: (code.length - 2) / 2 };
    } finally {
      await rpc.close();
    }
  }

  const lifecycle = async (id: number) => (await api.query.paras!.paraLifecycles!(id)).toHuman();
  const genesis = { rpc: '' };

  it('onboards a para with a permanent lease from its own node, and a second run leaves it alone', async () => {
    const net = relayNetwork(inject('relayWs'), inject('sudoUri'));
    const paraId = randomInt(3000, 3500);
    const source = { ...genesis, rpc: inject('parachainWs') };
    const result = await execute(net, [{ kind: 'onboard-parachain', network: net.name, paraId, mode: 'lease', genesis: source }]);
    expect(result.steps[0]).toMatchObject({ state: 'included' });

    expect(await lifecycle(paraId)).toBe('Onboarding');
    const expected = await parachainGenesis();
    const upcoming = (await api.query.paras!.upcomingParasGenesis!(paraId)).toJSON() as { genesisHead: string };
    expect(upcoming.genesisHead).toBe(expected.head);
    // The runtime keeps the code once, by its hash: the whole blob must be there, byte for byte.
    const stored = (await api.query.paras!.codeByHash!(expected.codeHash)) as unknown as { isSome: boolean; unwrap(): { length: number } };
    expect(stored.isSome).toBe(true);
    expect(stored.unwrap().length).toBe(expected.codeLength);
    const leases = (await api.query.slots!.leases!(paraId)).toJSON() as unknown[];
    expect(leases.filter((l) => l !== null).length).toBeGreaterThan(0);
    expect(((await api.query.registrar!.paras!(paraId)) as unknown as { isSome: boolean }).isSome).toBe(true);

    const before = await operatorNonce();
    const again = await execute(net, [{ kind: 'onboard-parachain', network: net.name, paraId, mode: 'lease', genesis: source }]);
    expect(again.extrinsics).toBe(0);
    expect(again.steps[0]!.note).toMatch(/already known to the relay chain \(Onboarding\)/);
    expect(await operatorNonce()).toBe(before);
  });

  it('onboards an on-demand para (coretime era): registered, no lease', async () => {
    const net = relayNetwork(inject('relayWs'), inject('sudoUri'));
    const paraId = randomInt(3500, 4000);
    const result = await execute(net, [{ kind: 'onboard-parachain', network: net.name, paraId, mode: 'on-demand', genesis: { rpc: inject('parachainWs') } }]);
    expect(result.steps[0]).toMatchObject({ state: 'included' });
    expect(await lifecycle(paraId)).toBe('Onboarding');
    expect(((await api.query.slots!.leases!(paraId)).toJSON() as unknown[]).length).toBe(0);
  });

  it('offboarding a para that is still onboarding fails with the runtime error, decoded', async () => {
    const net = relayNetwork(inject('relayWs'), inject('sudoUri'));
    const paraId = randomInt(4000, 4500);
    await execute(net, [{ kind: 'onboard-parachain', network: net.name, paraId, mode: 'on-demand', genesis: { rpc: inject('parachainWs') } }]);
    const result = await execute(net, [{ kind: 'offboard-parachain', network: net.name, paraId }]);
    expect(result.steps[0]).toMatchObject({ state: 'failed' });
    expect(result.steps[0]!.note).toMatch(/registrar\.NotParathread/);
    expect(await lifecycle(paraId)).toBe('Onboarding');
  });
});
