import { startChainProcess, type ChainProcessOptions } from './chainProcess.js';
import { chainPeer, type ChainPeer } from './peer.js';
import type { BuildBlockMode } from './protocol.js';
import { connectRpc } from './rpc.js';
import { preparedSpecFile, type ChainRuntime } from './specFiles.js';

export interface StartChainOptions {
  /** 'relay': Paseo (sudo, staking, session, registrar, paras); 'parachain': Rococo Asset Hub; 'relay-v2': Westend dev (XCM v2 era). */
  runtime: ChainRuntime;
  /** Account (SS58 or 0x hex) written into genesis as the sudo key; relay only. */
  sudo?: string;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** 'manual' (default): blocks only on newBlock(); 'instant': one block per extrinsic. */
  buildBlockMode?: BuildBlockMode;
  /** Stop the start when the chain neither prints nor uses CPU time for this long (default 2 min). */
  startIdleMs?: number;
  /** Stops the start when aborted (a sibling peer failed). */
  signal?: AbortSignal;
  /** The chain process stops itself after this long (default 6 h), even if never stopped. */
  maxLifetimeMs?: number;
  logLevel?: ChainProcessOptions['logLevel'];
}

/** Start one chain in a process of its own and connect to it; throws with its log tail if it cannot start. */
export async function startChain(options: StartChainOptions): Promise<ChainPeer> {
  const spec = await preparedSpecFile(options.runtime, options.sudo);
  const started = await startChainProcess(
    { specFile: spec, port: options.port ?? 0, buildBlockMode: options.buildBlockMode ?? 'manual', maxLifetimeMs: options.maxLifetimeMs ?? 6 * 3_600_000 },
    { startIdleMs: options.startIdleMs ?? 120_000, logLevel: options.logLevel ?? 'info', ...(options.signal ? { signal: options.signal } : {}) },
  );
  try {
    const rpc = await connectRpc(`ws://127.0.0.1:${started.port}`);
    return chainPeer(options.runtime, started, rpc, options.sudo);
  } catch (error) {
    await started.stop();
    throw error;
  }
}
