import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsicFunction } from '@polkadot/api/types';
import type { Codec } from '@polkadot/types/types';
import { ChainCapabilityError } from './errors.js';

// Checked access to the runtime's calls, storage and constants by name (the project does not
// generate typed augmentation for one runtime): a missing item fails naming pallet and item.

function runtime(api: ApiPromise): string {
  return `${api.runtimeVersion.specName.toString()} ${api.runtimeVersion.specVersion.toString()}`;
}

export function tx(api: ApiPromise, pallet: string, call: string): SubmittableExtrinsicFunction<'promise'> {
  const fn = api.tx[pallet]?.[call];
  if (!fn) throw new ChainCapabilityError(runtime(api), `${pallet}.${call}`, `runtime ${runtime(api)} has no call \`${pallet}.${call}\``);
  return fn;
}

export type StorageFn = ((...args: unknown[]) => Promise<Codec>) & {
  keys(...args: unknown[]): Promise<{ args: Codec[] }[]>;
  entries(...args: unknown[]): Promise<[{ args: Codec[] }, Codec][]>;
  meta: unknown;
};

export function query(api: ApiPromise, pallet: string, item: string): StorageFn {
  const fn = api.query[pallet]?.[item];
  if (!fn) throw new ChainCapabilityError(runtime(api), `${pallet}.${item}`, `runtime ${runtime(api)} has no storage \`${pallet}.${item}\``);
  return fn as unknown as StorageFn;
}

export function hasQuery(api: ApiPromise, pallet: string, item: string): boolean {
  return api.query[pallet]?.[item] !== undefined;
}

export function konst(api: ApiPromise, pallet: string, item: string): Codec {
  const value = api.consts[pallet]?.[item];
  if (!value) throw new ChainCapabilityError(runtime(api), `${pallet}.${item}`, `runtime ${runtime(api)} has no constant \`${pallet}.${item}\``);
  return value;
}
