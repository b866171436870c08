import { bnToHex, u8aToHex } from '@polkadot/util';
import { InputError } from '../../errors.js';
import { SUDO_KEY_STORAGE_KEY, TIMESTAMP_NOW_STORAGE_KEY, toAccountId } from './storageKeys.js';

/** The part of a raw chain spec the test peers read or rewrite. */
export interface RawChainSpec {
  name: string;
  id: string;
  properties?: { ss58Format?: number; tokenDecimals?: number | number[]; tokenSymbol?: string | string[] };
  genesis: { raw: { top: Record<string, string> } };
  [other: string]: unknown;
}

/** Check that parsed JSON is a raw chain spec (genesis storage, not a genesis config). */
export function asRawChainSpec(value: unknown, file: string): RawChainSpec {
  const spec = value as Partial<RawChainSpec> | null;
  if (!spec || typeof spec !== 'object' || typeof spec.name !== 'string' || typeof spec.id !== 'string') {
    throw new InputError('not a chain spec: expected an object with "name" and "id"', file);
  }
  const top = spec.genesis?.raw?.top;
  if (!top || typeof top !== 'object') {
    throw new InputError('not a raw chain spec: "genesis.raw.top" is missing (build it with `--raw`)', file);
  }
  return spec as RawChainSpec;
}

/**
 * The genesis time of every test chain: 2025-01-01T00:00:00Z, a whole number of 6 s and
 * 12 s slots. Fixed, so block contents and hashes repeat from run to run.
 */
export const GENESIS_TIMESTAMP_MS = Date.UTC(2025, 0, 1);

function withTopEntries(spec: RawChainSpec, entries: Record<string, string>): RawChainSpec {
  return { ...spec, genesis: { ...spec.genesis, raw: { ...spec.genesis.raw, top: { ...spec.genesis.raw.top, ...entries } } } };
}

/**
 * A copy of `spec` whose genesis records `Timestamp::Now`. Without it, chopsticks takes
 * the wall clock twice while building block 1 — once for the BABE/Aura slot in the
 * header, once for the timestamp inherent — and when a slot boundary falls between the
 * two the runtime rejects the block ("Failed to apply inherents"). Block 1 then never
 * exists, and with it the real genesis hash the runtime checks every signature against.
 */
export function withGenesisTimestamp(spec: RawChainSpec, timestampMs = GENESIS_TIMESTAMP_MS): RawChainSpec {
  return withTopEntries(spec, { [TIMESTAMP_NOW_STORAGE_KEY]: bnToHex(timestampMs, { bitLength: 64, isLe: true }) });
}

/**
 * A copy of `spec` whose genesis makes `sudo` the `Sudo::Key` — what a testnet operator
 * holds. Throws if the runtime has no sudo pallet, rather than adding an entry it ignores.
 */
export function withSudoKey(spec: RawChainSpec, sudo: string, file = spec.id): RawChainSpec {
  const top = spec.genesis.raw.top;
  if (!(SUDO_KEY_STORAGE_KEY in top)) {
    throw new InputError(`chain spec '${spec.id}' has no Sudo::Key in its genesis: the runtime has no sudo pallet, so no sudo account can be set`, file);
  }
  return withTopEntries(spec, { [SUDO_KEY_STORAGE_KEY]: u8aToHex(toAccountId(sudo)) });
}
