import { WsProvider } from '@polkadot/api';
import { EnvironmentError } from '../../errors.js';

/** A JSON-RPC connection to one chain, for the development methods chopsticks adds. */
export interface ChainRpc {
  send<T>(method: string, params: unknown[]): Promise<T>;
  close(): Promise<void>;
}

const REQUEST_TIMEOUT_MS = 120_000;

export async function connectRpc(wsUrl: string, timeoutMs = 30_000): Promise<ChainRpc> {
  // No automatic reconnect: a chain that went away is an error to report, not to wait out.
  const provider = new WsProvider(wsUrl, false, undefined, REQUEST_TIMEOUT_MS);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      provider.connect().then(() => provider.isReady),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no connection within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    await provider.disconnect().catch(() => undefined);
    throw new EnvironmentError(`cannot reach the chain at ${wsUrl}: ${(error as Error).message}`, 'is the chain peer still running?', { cause: error });
  } finally {
    clearTimeout(timer);
  }
  return {
    send: <T>(method: string, params: unknown[]) => provider.send<T>(method, params),
    close: () => provider.disconnect(),
  };
}
