import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { genesisFromChainSpec } from './genesis.js';

describe('genesis from a chain spec in the repository', () => {
  it('takes :code from the raw genesis and the precomputed head', () => {
    const spec = { genesis: { raw: { top: { '0x3a636f6465': '0x0061736d', '0x01': '0x02' } } }, genesisHead: '0xaabb' };
    expect(genesisFromChainSpec(spec, 'networks/p/spec.json')).toEqual({ head: '0xaabb', code: '0x0061736d' });
  });

  it('says what to add when the spec is not raw or has no head', () => {
    expect(() => genesisFromChainSpec({ genesis: { runtime: {} } }, 'a.json')).toThrow(/not a raw chain spec.*--raw/);
    expect(() => genesisFromChainSpec({ genesis: { raw: { top: { '0x3a636f6465': '0x00' } } } }, 'a.json')).toThrow(InputError);
    expect(() => genesisFromChainSpec({ genesis: { raw: { top: { '0x3a636f6465': '0x00' } } } }, 'a.json')).toThrow(/export-genesis-head.*onboarding.rpc/);
  });
});
