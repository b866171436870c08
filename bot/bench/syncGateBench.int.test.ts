import { describe, expect, inject, it } from 'vitest';
import { benchSyncGate } from './syncGateBench.js';

// The benchmark's own correctness on the shared API server: every round it times is one in
// which the gate really passed on the Healthy write (it throws otherwise). No timing is asserted.
describe('sync gate benchmark', () => {
  it('times one reaction per round, each a gate that passed', async () => {
    const figures = await benchSyncGate({ rounds: 2, peer: { adminKubeconfig: inject('kubeAdminConfig'), botKubeconfig: inject('kubeBotConfig') } });
    expect(figures.reactionMs).toHaveLength(2);
    for (const ms of figures.reactionMs) expect(Number.isFinite(ms) && ms >= 0).toBe(true);
  });
});
