import { u8aToHex } from '@polkadot/util';
import type { ChainProcess } from './chainProcess.js';
import { chainDev, type ChainDev } from './devRpc.js';
import type { ChainRpc } from './rpc.js';
import type { ChainRuntime } from './specFiles.js';
import { toAccountId, type Hex } from './storageKeys.js';

/** A running test chain: a real runtime executing real extrinsics, served on loopback. */
export interface ChainPeer extends ChainDev {
  runtime: ChainRuntime;
  /** The runtime's chain name (`system_chain`). */
  chain: string;
  /** The runtime it executes, e.g. `paseo` 1001002. */
  specName: string;
  specVersion: number;
  wsUrl: string;
  port: number;
  /** Process id of the chain process (it is this process's child). */
  pid: number;
  /** The sudo account's id (hex) when one was set at genesis. */
  sudo?: Hex;
  /** The last lines chopsticks logged, for failure messages. */
  logTail(): string;
  /** Stop the chain; resolves once its process has exited and the port is free. Idempotent. */
  stop(): Promise<void>;
}

export function chainPeer(runtime: ChainRuntime, chainProcess: ChainProcess, rpc: ChainRpc, sudo?: string): ChainPeer {
  let stopped: Promise<void> | undefined;
  return {
    ...chainDev(rpc),
    runtime,
    chain: chainProcess.chain,
    specName: chainProcess.specName,
    specVersion: chainProcess.specVersion,
    wsUrl: `ws://127.0.0.1:${chainProcess.port}`,
    port: chainProcess.port,
    pid: chainProcess.pid,
    sudo: sudo === undefined ? undefined : u8aToHex(toAccountId(sudo)),
    logTail: () => chainProcess.logTail(),
    stop() {
      stopped ??= rpc
        .close()
        .catch(() => undefined)
        .then(() => chainProcess.stop());
      return stopped;
    },
  };
}
