import { describe, expect, it } from 'vitest';
import { decodeAccountBalance, withFreeBalance } from './accountInfo.js';

// nonce 7, consumers 1, providers 2, sufficients 0; free 5, reserved 3, frozen 1, flags 2^127.
const EXISTING =
  '0x07000000' + '01000000' + '02000000' + '00000000' +
  '05000000000000000000000000000000' +
  '03000000000000000000000000000000' +
  '01000000000000000000000000000000' +
  '00000000000000000000000000000080';

describe('withFreeBalance', () => {
  it('replaces the free balance and keeps nonce, counters, reserved, frozen and flags', () => {
    const updated = withFreeBalance(EXISTING as `0x${string}`, 10n ** 18n);
    expect(updated).toBe(EXISTING.slice(0, 2 + 32) + '000064a7b3b6e00d0000000000000000' + EXISTING.slice(2 + 64));
    expect(decodeAccountBalance(updated)).toEqual({ nonce: 7, providers: 2, free: 10n ** 18n, reserved: 3n });
  });

  it('creates a new account with one provider, so the runtime treats it as alive', () => {
    expect(decodeAccountBalance(withFreeBalance(null, 42n))).toEqual({ nonce: 0, providers: 1, free: 42n, reserved: 0n });
  });

  it('refuses balances outside u128 and values of another layout', () => {
    expect(() => withFreeBalance(null, -1n)).toThrow(RangeError);
    expect(() => withFreeBalance(null, 1n << 128n)).toThrow(RangeError);
    expect(() => withFreeBalance('0x0000', 1n)).toThrow(/2 bytes, expected 80/);
  });
});
