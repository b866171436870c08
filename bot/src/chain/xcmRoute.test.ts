import { describe, expect, it } from 'vitest';
import type { RuntimeFacts } from './metadata.js';
import { explainRelaySendFailure, isChildPara, relayToParaRoute } from './xcmRoute.js';

const facts = (runtime: string, xcmVersions: number[]): RuntimeFacts => ({ runtime, calls: {}, sessionKeyFields: [], runtimeApis: {}, xcmVersions });
const paseo = facts('paseo 1001002', [2, 3]);
const statemine = facts('statemine 900', [0, 1, 2]);
const modernPara = facts('asset-hub 1003000', [3, 4]);
const modernRelay = facts('relay 1003000', [3, 4, 5]);

describe('relay → para XCM version', () => {
  it('pins the shared version when the relay has no record for the para', () => {
    expect(relayToParaRoute(paseo, statemine, undefined)).toEqual({ version: 2, forceVersion: 2 });
    expect(relayToParaRoute(modernRelay, modernPara, undefined)).toEqual({ version: 4, forceVersion: 4 });
  });

  it('pins it when the record is newer than the para understands', () => {
    expect(relayToParaRoute(paseo, statemine, 3)).toEqual({ version: 2, forceVersion: 2 });
  });

  it('leaves a record the para can read alone', () => {
    expect(relayToParaRoute(paseo, statemine, 2)).toEqual({ version: 2 });
    expect(relayToParaRoute(modernRelay, modernPara, 3)).toEqual({ version: 4 });
  });

  it('fails naming both runtimes when they share no version', () => {
    expect(() => relayToParaRoute(facts('old 1', [0, 1]), statemine, undefined)).toThrow(/share no XCM version/);
  });
});

describe('a refused send, explained', () => {
  it('names the v3 topic a v2-only para cannot get, and what to do', () => {
    const text = explainRelaySendFailure('sudo.Sudid: xcmPallet.Unreachable: The desired destination was unreachable', { version: 2, forceVersion: 2 }, paseo, statemine, 1000);
    expect(text).toMatch(/^sudo\.Sudid: xcmPallet\.Unreachable/);
    expect(text).toMatch(/SetTopic/);
    expect(text).toMatch(/statemine 900/);
    expect(text).toMatch(/Upgrade the para's runtime/);
  });

  it('asks whether the para is registered when the version is not the problem', () => {
    expect(explainRelaySendFailure('sudo.Sudid: xcmPallet.Unreachable: x', { version: 3 }, paseo, modernPara, 2000)).toMatch(/registered on this relay/);
  });

  it('leaves other errors as they are', () => {
    expect(explainRelaySendFailure('Token.FundsUnavailable', { version: 2 }, paseo, statemine, 1000)).toBe('Token.FundsUnavailable');
  });
});

describe('the relay\'s version record for a para', () => {
  it('matches the child para in any location version', () => {
    expect(isChildPara({ v3: { parents: 0, interior: { x1: { parachain: 1000 } } } }, 1000)).toBe(true);
    expect(isChildPara({ v4: { parents: 0, interior: { x1: [{ parachain: 1000 }] } } }, 1000)).toBe(true);
  });

  it('does not match another para, a location inside the para, or a sibling seen from elsewhere', () => {
    expect(isChildPara({ v3: { parents: 0, interior: { x1: { parachain: 2000 } } } }, 1000)).toBe(false);
    expect(isChildPara({ v3: { parents: 0, interior: { x2: [{ parachain: 1000 }, { palletInstance: 50 }] } } }, 1000)).toBe(false);
    expect(isChildPara({ v3: { parents: 1, interior: { x1: { parachain: 1000 } } } }, 1000)).toBe(false);
    expect(isChildPara(null, 1000)).toBe(false);
  });
});
