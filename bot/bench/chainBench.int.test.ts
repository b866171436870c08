// The chain benchmark on a few nodes: both paths run on fresh chains of their own and their
// figures are consistent. Timings are only printed by `npm run bench`, never asserted.
import { describe, expect, inject, it } from 'vitest';
import { runtimeFacts } from '../src/chain/metadata.js';
import { withApi } from '../test/peers.js';
import { benchRegistration } from './chainBench.js';
import { benchIdentities, benchNodes } from './registrationWork.js';
import { readRegistration, registrationShortfall } from './verifyRegistration.js';

describe('the chain benchmark', () => {
  it('registers 3 validators both ways, and the batched way takes no more extrinsics', async () => {
    const result = await benchRegistration({ nodes: 3 });
    expect(result.runtime).toMatch(/^paseo \d+$/);
    expect(result.batched.nodes).toBe(3);
    expect(result.perStep.nodes).toBe(3);
    // The baseline's definition: one extrinsic per step, two steps per node.
    expect(result.perStep.extrinsics).toBe(6);
    expect(result.batched.extrinsics).toBeGreaterThanOrEqual(1);
    expect(result.batched.extrinsics).toBeLessThanOrEqual(result.perStep.extrinsics);
    for (const path of [result.batched, result.perStep]) {
      expect(path.blocks).toBeGreaterThanOrEqual(1);
      expect(path.blocks).toBeLessThanOrEqual(path.extrinsics);
    }
  }, 300_000);

  it('its on-chain check finds nothing of nodes no path registered', async () => {
    // The shared relay chain never saw the bench nodes: the check must report every one missing.
    const onChain = await withApi(inject('relayWs'), async (api) => readRegistration(api, await benchIdentities(runtimeFacts(api), benchNodes(2))));
    expect(onChain).toEqual({ validators: [], keysSet: [] });
    expect(registrationShortfall(['validator-0', 'validator-1'], onChain)).toContain('not staking validators: 2');
  });
});
