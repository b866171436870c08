import { describe, expect, it } from 'vitest';
import type { RegistrationBench } from './chainBench.js';
import { compareRegistration, registrationLines } from './chainReport.js';
import { perStepOrder } from './perStepBaseline.js';
import { benchNodes, registrationSteps } from './registrationWork.js';
import { registrationShortfall } from './verifyRegistration.js';

const bench = (batchedExtrinsics: number, baselineNodes: number): RegistrationBench => ({
  runtime: 'paseo 1001002',
  batched: { nodes: 100, extrinsics: batchedExtrinsics, blocks: 1, ms: 30_000 },
  perStep: { nodes: baselineNodes, extrinsics: 2 * baselineNodes, blocks: 1, ms: 2_000 * baselineNodes },
});

describe('the chain benchmark report', () => {
  it('compares per node when the baseline ran on fewer nodes, and says so', () => {
    const c = compareRegistration(bench(1, 20));
    // Per node: 2 extrinsics against 1/100; 2 s against 0.3 s.
    expect(c.extrinsicsRatio).toBeCloseTo(200);
    expect(c.timeRatio).toBeCloseTo(2 / 0.3);
    expect(c.sameNodes).toBe(false);
    expect(registrationLines(bench(1, 20)).join('\n')).toContain('baseline measured on 20 of the 100 nodes');
  });

  it('compares the totals when both paths registered every node', () => {
    const lines = registrationLines(bench(1, 100));
    expect(lines.join('\n')).toContain('(same nodes): extrinsics ×200.0, wall time ×6.7');
    expect(lines.at(-1)).toBe('target ≤ 2 extrinsics for 100 nodes: met (1)');
  });

  it('says when the extrinsics target is missed', () => {
    expect(compareRegistration(bench(3, 20)).targetMet).toBe(false);
    expect(registrationLines(bench(3, 20)).at(-1)).toBe('target ≤ 2 extrinsics for 100 nodes: NOT met (3)');
  });
});

describe('the per-step baseline', () => {
  it('registers each node before setting its keys (staking takes keys only from a bonded stash)', () => {
    const order = perStepOrder(registrationSteps(benchNodes(2))).map((s) => `${s.kind}:${'node' in s ? s.node.pod : ''}`);
    expect(order).toEqual(['register-validator:validator-0', 'set-session-keys:validator-0', 'register-validator:validator-1', 'set-session-keys:validator-1']);
  });
});

describe('the on-chain check of a benchmark path', () => {
  it('names what is missing', () => {
    const message = registrationShortfall(['a', 'b', 'c'], { validators: ['a', 'b'], keysSet: ['a'] });
    expect(message).toBe('of 3 nodes, not staking validators: 1 (c); without their session keys queued: 2 (b, c)');
  });

  it('passes only when every node is a validator with its keys', () => {
    expect(registrationShortfall(['a', 'b'], { validators: ['b', 'a'], keysSet: ['a', 'b'] })).toBeUndefined();
  });
});
