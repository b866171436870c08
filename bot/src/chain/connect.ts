import { ApiPromise, WsProvider } from '@polkadot/api';
import { ChainError } from './errors.js';

// The one place that opens a chain connection. `ApiPromise.create` waits silently while its
// provider reconnects, so it always runs under a timeout, and a failed start disconnects.

export async function connect(url: string, timeoutMs = 60_000): Promise<ApiPromise> {
  const provider = new WsProvider(url, 1_000, {}, timeoutMs);
  let timer: NodeJS.Timeout | undefined;
  const api = new ApiPromise({ provider, noInitWarn: true, throwOnConnect: false });
  try {
    return await Promise.race([
      api.isReadyOrError,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ChainError(`no answer from the chain at ${url} within ${timeoutMs} ms: is the node running and the URL right?`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    await api.disconnect().catch(() => undefined);
    throw error instanceof ChainError ? error : new ChainError(`cannot connect to the chain at ${url}: ${(error as Error).message}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** Resolve once the provider is connected again (after a drop), or fail after `timeoutMs`. */
export async function whenConnected(api: ApiPromise, timeoutMs = 60_000): Promise<void> {
  if (api.isConnected) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new ChainError(`the chain connection did not come back within ${timeoutMs} ms`));
    }, timeoutMs);
    const onConnected = () => {
      clearTimeout(timer);
      off();
      resolve();
    };
    const off = () => api.off('connected', onConnected);
    api.on('connected', onConnected);
    if (api.isConnected) onConnected();
  });
  await api.isReady;
}
