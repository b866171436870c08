import { describe, expect, it } from 'vitest';
import { partitionInFlight, type InFlight } from './inFlight.js';

const u = (stepId: string) => ({ stepId });

describe('partitionInFlight', () => {
  it('regroups steps by the nonce they were signed with, keeping lane order inside a group', () => {
    const flights = new Map<string, InFlight>([
      ['b', { signer: 'op', nonce: 7, hashes: ['0x07'] }],
      ['a', { signer: 'op', nonce: 7, hashes: ['0x07'] }],
      ['c', { signer: 'op', nonce: 5, hashes: ['0x05b', '0x05a'] }],
    ]);
    const { groups, fresh } = partitionInFlight([u('a'), u('x'), u('b'), u('c')], flights, 'op');
    expect(groups).toEqual([
      { nonce: 5, hashes: ['0x05b', '0x05a'], units: [u('c')] },
      { nonce: 7, hashes: ['0x07'], units: [u('a'), u('b')] },
    ]);
    expect(fresh).toEqual([u('x')]);
  });

  it('treats a step signed by another account as fresh on this lane', () => {
    const flights = new Map<string, InFlight>([['a', { signer: 'node-0', nonce: 0, hashes: ['0x00'] }]]);
    expect(partitionInFlight([u('a')], flights, 'op')).toEqual({ groups: [], fresh: [u('a')] });
  });

  it('collects every hash a nonce was signed as, once', () => {
    const flights = new Map<string, InFlight>([
      ['a', { signer: 'op', nonce: 1, hashes: ['0x2', '0x1'] }],
      ['b', { signer: 'op', nonce: 1, hashes: ['0x1'] }],
    ]);
    expect(partitionInFlight([u('a'), u('b')], flights, 'op').groups[0]!.hashes).toEqual(['0x2', '0x1']);
  });
});
