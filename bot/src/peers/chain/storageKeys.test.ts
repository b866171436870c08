import { describe, expect, it } from 'vitest';
import { UsageError } from '../../errors.js';
import { SUDO_KEY_STORAGE_KEY, storagePrefix, systemAccountKey, toAccountId } from './storageKeys.js';

// Alice of the development keyring, as SS58 (generic prefix 42) and as hex.
const ALICE_SS58 = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const ALICE_HEX = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';

describe('storage keys', () => {
  it('computes Sudo::Key as the Paseo genesis spec spells it', () => {
    expect(SUDO_KEY_STORAGE_KEY).toBe('0x5c0d1176a568c1f92944340dbfed9e9c530ebca703c85910e7164cb7d1c9e47b');
  });

  it('computes the System::Account prefix and a blake2_128_concat account key', () => {
    expect(storagePrefix('System', 'Account')).toBe('0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9');
    expect(systemAccountKey(ALICE_SS58)).toBe(
      '0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9de1e86a9a8c739864cf3cc5ec2bea59fd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d',
    );
  });

  it('accepts SS58 and hex account ids alike', () => {
    expect(toAccountId(ALICE_HEX)).toEqual(toAccountId(ALICE_SS58));
    expect(systemAccountKey(ALICE_HEX)).toBe(systemAccountKey(ALICE_SS58));
  });

  it('rejects what is not a 32-byte account', () => {
    expect(() => toAccountId('not-an-address')).toThrow(UsageError);
    expect(() => toAccountId('0x1234')).toThrow(/2 bytes long/);
  });
});
