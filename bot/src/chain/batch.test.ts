import { describe, expect, it } from 'vitest';
import { oversized, splitIntoBatches, type BatchLimits } from './batch.js';

const limits: BatchLimits = { maxExtrinsicWeight: { refTime: 1000n, proofSize: 10_000n }, maxLength: 10_000, fill: 1 };
const item = (refTime: bigint, length = 10, proofSize = 0n) => ({ weight: { refTime, proofSize }, length });

describe('splitIntoBatches', () => {
  it('puts everything in one batch when it fits', () => {
    expect(splitIntoBatches([item(100n), item(200n), item(300n)], limits)).toEqual([[0, 1, 2]]);
  });

  it('splits by weight, keeping order', () => {
    expect(splitIntoBatches([item(600n), item(300n), item(200n), item(900n)], limits)).toEqual([[0, 1], [2], [3]]);
  });

  it('splits by proof size and by length', () => {
    expect(splitIntoBatches([item(1n, 10, 6000n), item(1n, 10, 6000n)], limits)).toEqual([[0], [1]]);
    expect(splitIntoBatches([item(1n, 5000), item(1n, 5000)], limits)).toEqual([[0], [1]]);
  });

  it('keeps headroom with the default fill', () => {
    const { fill: _ignored, ...rest } = limits;
    expect(splitIntoBatches([item(500n), item(500n)], rest)).toEqual([[0], [1]]);
  });

  it('reports items too big to submit at all', () => {
    expect(oversized([item(10n), item(2000n)], limits)).toEqual([1]);
  });

  it('100 small registrations fit in one batch under paseo’s limits', () => {
    const paseo: BatchLimits = { maxExtrinsicWeight: { refTime: 1_479_873_955_000n, proofSize: 13_650_590_614_545_068_195n }, maxLength: 3_932_160 };
    const items = Array.from({ length: 100 }, () => item(2_000_000_000n, 400, 50_000n));
    expect(splitIntoBatches(items, paseo)).toHaveLength(1);
  });
});
