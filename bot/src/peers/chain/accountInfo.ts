import { bnToU8a, hexToU8a, u8aToBn, u8aToHex } from '@polkadot/util';
import type { Hex } from './storageKeys.js';

// SCALE layout of `frame_system::AccountInfo<u32, pallet_balances::AccountData<u128>>`,
// the layout of both test runtimes: four u32 counters, then free, reserved, frozen, flags.
const COUNTERS_BYTES = 16;
const BALANCE_BYTES = 16;
const ACCOUNT_INFO_BYTES = COUNTERS_BYTES + 4 * BALANCE_BYTES;
const PROVIDERS_OFFSET = 8;
const FREE_OFFSET = COUNTERS_BYTES;

const U128_MAX = (1n << 128n) - 1n;

export interface AccountBalance {
  nonce: number;
  providers: number;
  free: bigint;
  reserved: bigint;
}

function u128(value: bigint): Uint8Array {
  return bnToU8a(value, { bitLength: 128, isLe: true });
}

function checkLength(bytes: Uint8Array): void {
  if (bytes.length !== ACCOUNT_INFO_BYTES) {
    throw new Error(`System.Account value is ${bytes.length} bytes, expected ${ACCOUNT_INFO_BYTES}: this runtime's AccountInfo layout is not supported`);
  }
}

/**
 * The encoded account with its free balance set to `free`, keeping nonce, reserved and
 * frozen balances. A new account gets one provider so the runtime treats it as existing.
 */
export function withFreeBalance(existing: Hex | null, free: bigint): Hex {
  if (free < 0n || free > U128_MAX) {
    throw new RangeError(`free balance ${free} does not fit in a u128`);
  }
  const bytes = existing ? hexToU8a(existing) : new Uint8Array(ACCOUNT_INFO_BYTES);
  checkLength(bytes);
  const out = Uint8Array.from(bytes);
  const view = new DataView(out.buffer);
  if (view.getUint32(PROVIDERS_OFFSET, true) === 0) {
    view.setUint32(PROVIDERS_OFFSET, 1, true);
  }
  out.set(u128(free), FREE_OFFSET);
  return u8aToHex(out);
}

/** Decode the fields tests and callers look at. */
export function decodeAccountBalance(value: Hex): AccountBalance {
  const bytes = hexToU8a(value);
  checkLength(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const balanceAt = (offset: number) => BigInt(u8aToBn(bytes.subarray(offset, offset + BALANCE_BYTES), { isLe: true }).toString());
  return {
    nonce: view.getUint32(0, true),
    providers: view.getUint32(PROVIDERS_OFFSET, true),
    free: balanceAt(FREE_OFFSET),
    reserved: balanceAt(FREE_OFFSET + BALANCE_BYTES),
  };
}
