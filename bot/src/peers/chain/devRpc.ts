import { decodeAccountBalance, withFreeBalance, type AccountBalance } from './accountInfo.js';
import { connectRpc, type ChainRpc } from './rpc.js';
import { systemAccountKey, type Hex } from './storageKeys.js';

/** Raw storage writes: `[key, value]`, a `null` value deletes the key. */
export type StorageEntries = [Hex, Hex | null][];

/** What a test chain offers beyond a node's RPC: chopsticks' `dev_*` methods, made typed. */
export interface ChainDev {
  /** Build `count` blocks from the pending extrinsics; resolves to the new head number. */
  newBlock(count?: number): Promise<number>;
  /** Set the free balance of `address` (SS58 or hex), keeping its nonce and reserves. */
  fund(address: string, amountPlanck: bigint): Promise<void>;
  /** An account's nonce and balances at the head, or null if it does not exist. */
  account(address: string): Promise<AccountBalance | null>;
  /**
   * Overwrite storage at the head (`dev_setStorage`): raw entries, or chopsticks'
   * `{ Pallet: { Item: value } }` form, which it encodes with the runtime's metadata.
   */
  setStorage(entries: StorageEntries | Record<string, unknown>): Promise<void>;
}

interface Header {
  number: Hex;
}

export function chainDev(rpc: ChainRpc): ChainDev {
  const readAccount = (address: string) => rpc.send<Hex | null>('state_getStorage', [systemAccountKey(address)]);
  return {
    async newBlock(count = 1) {
      const hash = await rpc.send<Hex>('dev_newBlock', [{ count }]);
      const header = await rpc.send<Header>('chain_getHeader', [hash]);
      return Number.parseInt(header.number, 16);
    },
    async fund(address, amountPlanck) {
      const value = withFreeBalance(await readAccount(address), amountPlanck);
      await rpc.send('dev_setStorage', [[[systemAccountKey(address), value]]]);
    },
    async account(address) {
      const value = await readAccount(address);
      return value ? decodeAccountBalance(value) : null;
    },
    async setStorage(entries) {
      await rpc.send('dev_setStorage', [entries]);
    },
  };
}

/** Reach a running test chain's dev methods by URL (e.g. from a test, given `inject('relayWs')`). */
export async function connectChainDev(wsUrl: string): Promise<ChainDev & { close(): Promise<void> }> {
  const rpc = await connectRpc(wsUrl);
  return { ...chainDev(rpc), close: () => rpc.close() };
}
