import { describe, expect, it } from 'vitest';
import { fundingsByNode, type Funding } from './calls.js';
import type { NodeIdentity } from './identity.js';

const node = (accountHex: `0x${string}`) => ({ accountHex }) as NodeIdentity;

describe('funding node accounts', () => {
  it('pays each node once, with what all its steps need', () => {
    const a = node('0xaa');
    const b = node('0xbb');
    const merged = fundingsByNode([
      { node: a, amount: 10n },
      { node: b, amount: 5n },
      { node: a, amount: 7n },
    ] satisfies Funding[]);
    expect(merged.map((f) => [f.node.accountHex, f.amount])).toEqual([
      ['0xaa', 17n],
      ['0xbb', 5n],
    ]);
  });
});
