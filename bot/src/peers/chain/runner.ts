// Entry point of one chain process: chopsticks serving a genesis spec on loopback.
// Started by process.ts with an IPC channel; exits when told (SIGTERM/SIGINT) or when
// the parent goes away (the channel disconnects), so no chain outlives its test run.

import type { RunnerConfig, RunnerMessage } from './protocol.js';

/** The slice of chopsticks' library API used here (see loadChopsticks for why it is local). */
interface ChopsticksServer {
  addr: string;
  chain: {
    head: { number: number; runtimeVersion: Promise<{ specName: string; specVersion: number }> };
    api: { getSystemChain(): Promise<string> };
  };
  close(): Promise<void>;
}
interface Chopsticks {
  setupWithServer(config: Record<string, unknown>): Promise<ChopsticksServer>;
}

/**
 * chopsticks' type declarations import '@polkadot/api-augment', which would re-type every
 * ApiPromise in this project once the compiler saw them; a non-literal specifier keeps
 * them out of the type-check.
 */
async function loadChopsticks(): Promise<Chopsticks> {
  const specifier: string = '@acala-network/chopsticks';
  return (await import(specifier)) as Chopsticks;
}

/** Resolves once the message is handed to the channel, so an exit right after cannot drop it. */
function send(message: RunnerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

const CLOSE_LIMIT_MS = 5_000;

let server: ChopsticksServer | undefined;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    // A close that hangs must not keep the chain alive: exit regardless after a bound.
    setTimeout(() => process.exit(code), CLOSE_LIMIT_MS);
    await server?.close().catch((error: unknown) => console.error('closing chopsticks failed:', error));
  }
  process.exit(code);
}

process.on('disconnect', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));

try {
  const config = JSON.parse(process.argv[2] ?? '') as RunnerConfig;
  setTimeout(() => {
    console.error(`stopping: maximum lifetime of ${config.maxLifetimeMs} ms reached`);
    void stop(0);
  }, config.maxLifetimeMs).unref();
  const { setupWithServer } = await loadChopsticks();
  server = await setupWithServer({
    genesis: config.specFile,
    host: '127.0.0.1',
    port: config.port,
    'build-block-mode': config.buildBlockMode === 'instant' ? 'Instant' : 'Manual',
  });
  // chopsticks serves RPC even when the genesis has no usable runtime; loading the
  // runtime's version is what proves this chain can execute anything.
  const { specName, specVersion } = await server.chain.head.runtimeVersion;
  // In genesis mode chopsticks builds block 1 while starting and only logs a failure. Without
  // block 1 the runtime still holds a placeholder genesis hash, so every signed extrinsic
  // would fail with "bad proof": report it here, where the log explains it.
  if (server.chain.head.number < 1) {
    throw new Error('chopsticks could not build block 1 on the genesis (see the log)');
  }
  const port = Number(server.addr.slice(server.addr.lastIndexOf(':') + 1));
  await send({ type: 'ready', port, chain: await server.chain.api.getSystemChain(), specName, specVersion, head: server.chain.head.number });
} catch (error) {
  const failure = error instanceof Error ? error : new Error(String(error));
  console.error(failure.stack ?? failure.message);
  await send({ type: 'failed', message: failure.message, stack: failure.stack });
  await stop(1);
}
