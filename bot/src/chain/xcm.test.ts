import { describe, expect, it } from 'vitest';
import { locationVersionFor, paraDestination, superuserTransact, transactWeight } from './xcm.js';

describe('relay → parachain Superuser Transact', () => {
  it('v3: unpaid execution then Transact with Superuser origin', () => {
    expect(superuserTransact(3, '0x1234', { refTime: 10n, proofSize: 20n })).toEqual({
      V3: [
        { UnpaidExecution: { weightLimit: 'Unlimited', checkOrigin: null } },
        { Transact: { originKind: 'Superuser', requireWeightAtMost: { refTime: 10n, proofSize: 20n }, call: { encoded: '0x1234' } } },
      ],
    });
    expect(paraDestination(3, 1000)).toEqual({ V3: { parents: 0, interior: { X1: { Parachain: 1000 } } } });
  });

  it('v4 junctions are an array; v2 has no UnpaidExecution and a plain weight', () => {
    expect(paraDestination(4, 2000)).toEqual({ V4: { parents: 0, interior: { X1: [{ Parachain: 2000 }] } } });
    expect(superuserTransact(2, '0xab', { refTime: 5n, proofSize: 0n })).toEqual({
      V2: [{ Transact: { originType: 'Superuser', requireWeightAtMost: 5n, call: { encoded: '0xab' } } }],
    });
  });

  it('pairs a message with the newest location version not newer than it', () => {
    // westend 9320: messages V0–V2, locations V0–V1 (a V2 message goes to a V1 location).
    expect(locationVersionFor(2, [0, 1])).toBe(1);
    expect(paraDestination(1, 1000)).toEqual({ V1: { parents: 0, interior: { X1: { Parachain: 1000 } } } });
    expect(locationVersionFor(3, [2, 3, 4])).toBe(3);
    expect(locationVersionFor(2, [])).toBe(2);
  });

  it('asks for more weight than estimated', () => {
    const w = transactWeight({ refTime: 100n, proofSize: 10n });
    expect(w.refTime > 100n && w.proofSize > 10n).toBe(true);
  });
});
