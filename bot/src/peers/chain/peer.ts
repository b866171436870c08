import { u8aToHex } from '@polkadot/util';
import { decodeAccountBalance, withFreeBalance, type AccountBalance } from './accountInfo.js';
import type { ChainProcess } from './chainProcess.js';
import type { ChainRpc } from './rpc.js';
import type { ChainRuntime } from './specFiles.js';
import { systemAccountKey, toAccountId, type Hex } from './storageKeys.js';

/** Raw storage writes: `[key, value]`, a `null` value deletes the key. */
export type StorageEntries = [Hex, Hex | null][];

/** A running test chain: a real runtime executing real extrinsics, served on loopback. */
export interface ChainPeer {
  runtime: ChainRuntime;
  /** The runtime's chain name, e.g. "Paseo Testnet". */
  chain: string;
  wsUrl: string;
  port: number;
  /** The sudo account's id (hex) when one was set at genesis. */
  sudo?: Hex;
  /** Build `count` blocks from the pending extrinsics; resolves to the new head number. */
  newBlock(count?: number): Promise<number>;
  /** Set the free balance of `address` (SS58 or hex), keeping its nonce and reserves. */
  fund(address: string, amountPlanck: bigint): Promise<void>;
  /** Read an account's nonce and balances at the head. */
  account(address: string): Promise<AccountBalance | null>;
  /**
   * Overwrite storage at the head (chopsticks `dev_setStorage`): raw entries, or chopsticks'
   * `{ Pallet: { Item: value } }` form, which it encodes with the runtime's metadata.
   */
  setStorage(entries: StorageEntries | Record<string, unknown>): Promise<void>;
  /** The last lines chopsticks logged, for test failure messages. */
  logTail(): string;
  stop(): Promise<void>;
}

interface Header {
  number: Hex;
}

export function chainPeer(runtime: ChainRuntime, chainProcess: ChainProcess, rpc: ChainRpc, sudo?: string): ChainPeer {
  let stopped: Promise<void> | undefined;
  const readAccount = (address: string) => rpc.send<Hex | null>('state_getStorage', [systemAccountKey(address)]);
  return {
    runtime,
    chain: chainProcess.chain,
    wsUrl: `ws://127.0.0.1:${chainProcess.port}`,
    port: chainProcess.port,
    sudo: sudo === undefined ? undefined : u8aToHex(toAccountId(sudo)),
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
    logTail: () => chainProcess.logTail(),
    stop() {
      stopped ??= rpc.close().catch(() => undefined).then(() => chainProcess.stop());
      return stopped;
    },
  };
}
