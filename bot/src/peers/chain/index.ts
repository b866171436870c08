// Test peer: a real Substrate runtime (chopsticks, genesis mode) on loopback.
export { startChain, type StartChainOptions } from './startChain.js';
export type { ChainPeer, StorageEntries } from './peer.js';
export type { BuildBlockMode } from './protocol.js';
export type { AccountBalance } from './accountInfo.js';
export { relaySpecFile, parachainSpecFile, specFileWithSudo, readRawSpec, type ChainRuntime } from './specFiles.js';
export { withSudoKey, type RawChainSpec } from './spec.js';
export { SUDO_KEY_STORAGE_KEY, systemAccountKey, storagePrefix, toAccountId, type Hex } from './storageKeys.js';
