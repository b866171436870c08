import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors.js';
import { GENESIS_TIMESTAMP_MS, asRawChainSpec, withGenesisTimestamp, withSudoKey, type RawChainSpec } from './spec.js';
import { parachainSpecFile, readRawSpec } from './specFiles.js';
import { SUDO_KEY_STORAGE_KEY, TIMESTAMP_NOW_STORAGE_KEY } from './storageKeys.js';

const OTHER_KEY = '0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7';

function spec(top: Record<string, string>): RawChainSpec {
  return { name: 'Test', id: 'test', genesis: { raw: { top, childrenDefault: {} } } } as RawChainSpec;
}

describe('withSudoKey', () => {
  it('rewrites Sudo::Key to the given account and leaves every other entry alone', () => {
    const original = spec({ [SUDO_KEY_STORAGE_KEY]: '0x' + '11'.repeat(32), [OTHER_KEY]: '0x01' });
    const result = withSudoKey(original, '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
    expect(result.genesis.raw.top).toEqual({
      [SUDO_KEY_STORAGE_KEY]: '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d',
      [OTHER_KEY]: '0x01',
    });
    expect(result.genesis.raw).toHaveProperty('childrenDefault');
    expect(original.genesis.raw.top[SUDO_KEY_STORAGE_KEY]).toBe('0x' + '11'.repeat(32));
  });

  it('refuses a runtime without sudo, such as the Rococo Asset Hub parachain', async () => {
    const file = await parachainSpecFile();
    const parachain = await readRawSpec(file);
    expect(() => withSudoKey(parachain, '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY', file)).toThrow(InputError);
    expect(() => withSudoKey(parachain, '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY', file)).toThrow(/no sudo pallet/);
  });
});

describe('asRawChainSpec', () => {
  it('names the file when genesis is not raw storage', () => {
    const plain = { name: 'Dev', id: 'dev', genesis: { runtimeGenesis: {} } };
    expect(() => asRawChainSpec(plain, 'dev.json')).toThrow(expect.objectContaining({ file: 'dev.json', message: expect.stringMatching(/genesis\.raw\.top/) }));
  });
});

describe('withGenesisTimestamp', () => {
  it('records Timestamp::Now as a little-endian u64 and keeps the rest', () => {
    const result = withGenesisTimestamp(spec({ [OTHER_KEY]: '0x01' }), 0x0102030405);
    expect(result.genesis.raw.top).toEqual({ [OTHER_KEY]: '0x01', [TIMESTAMP_NOW_STORAGE_KEY]: '0x0504030201000000' });
  });

  it('defaults to a genesis time on a 6 s and 12 s slot boundary', () => {
    expect(GENESIS_TIMESTAMP_MS % 12_000).toBe(0);
    expect(TIMESTAMP_NOW_STORAGE_KEY).toBe('0xf0c365c3cf59d671eb72da0e7a4113c49f1f0515f462cdcf84e0f1d6045dfcbb');
  });
});
