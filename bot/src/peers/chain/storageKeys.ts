import { u8aConcat, u8aToHex, stringToU8a } from '@polkadot/util';
import { blake2AsU8a, decodeAddress, xxhashAsU8a } from '@polkadot/util-crypto';
import { UsageError } from '../../errors.js';

// Storage keys of the few entries the test chains rewrite. They are fixed by FRAME's
// hashing scheme (twox128 of pallet and item names, then the map hasher), so they can
// be computed without the chain's metadata — which a raw chain spec does not carry.

export type Hex = `0x${string}`;

/** twox128(pallet) ++ twox128(item): the key of a plain storage value, or a map's prefix. */
export function storagePrefix(pallet: string, item: string): Hex {
  return u8aToHex(u8aConcat(xxhashAsU8a(stringToU8a(pallet), 128), xxhashAsU8a(stringToU8a(item), 128)));
}

/** `Sudo::Key`: the account allowed to dispatch `sudo.*` calls. */
export const SUDO_KEY_STORAGE_KEY = storagePrefix('Sudo', 'Key');

/** `Timestamp::Now`: milliseconds since the epoch at the current block. */
export const TIMESTAMP_NOW_STORAGE_KEY = storagePrefix('Timestamp', 'Now');

/** The 32-byte account id behind an SS58 address or a 0x-prefixed 32-byte hex string. */
export function toAccountId(address: string): Uint8Array {
  let id: Uint8Array;
  try {
    id = decodeAddress(address);
  } catch (error) {
    throw new UsageError(`'${address}' is neither an SS58 address nor a 0x-prefixed 32-byte account id`, { cause: error });
  }
  if (id.length !== 32) {
    throw new UsageError(`'${address}' is ${id.length} bytes long; an account id is 32 bytes`);
  }
  return id;
}

/** `System::Account(who)`; the map is hashed with blake2_128_concat. */
export function systemAccountKey(address: string): Hex {
  const id = toAccountId(address);
  return u8aToHex(u8aConcat(storagePrefix('System', 'Account'), blake2AsU8a(id, 128), id));
}
