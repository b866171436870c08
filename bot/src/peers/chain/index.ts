// Test peer: a real Substrate runtime (chopsticks, genesis mode) on loopback.
export { startChain, type StartChainOptions } from './startChain.js';
export type { ChainPeer } from './peer.js';
export { connectChainDev, type ChainDev, type StorageEntries } from './devRpc.js';
export type { BuildBlockMode } from './protocol.js';
export type { AccountBalance } from './accountInfo.js';
export { relaySpecFile, parachainSpecFile, preparedSpecFile, readRawSpec, type ChainRuntime } from './specFiles.js';
export { GENESIS_TIMESTAMP_MS, withGenesisTimestamp, withSudoKey, type RawChainSpec } from './spec.js';
export { SUDO_KEY_STORAGE_KEY, TIMESTAMP_NOW_STORAGE_KEY, systemAccountKey, storagePrefix, toAccountId, type Hex } from './storageKeys.js';
