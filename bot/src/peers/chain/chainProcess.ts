import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ToolError } from '../../errors.js';
import { REPO_ROOT } from '../../tools/cache.js';
import { formatDuration } from '../../tools/progress.js';
import { watchProgress, type ProgressWatch } from '../../tools/progressWatch.js';
import { LineTail } from './lineTail.js';
import { isRunnerMessage, type RunnerConfig, type RunnerMessage } from './protocol.js';

// Runs chopsticks in a child process of its own rather than inside the caller:
// - a crash, a leak or a stuck WASM call in the chain cannot take the test runner down,
//   and stop() is a signal with a SIGKILL fallback, so it always completes;
// - the two chains start in parallel on separate cores (start-up is CPU-bound);
// - the caller never loads chopsticks or its global polkadot type augmentation.
// The costs: each chain process starts Node (~0.5 s) and loads chopsticks (~3 s here), which
// in-process would be paid once per run, and the chain is reached only over RPC.

const RUNNER = fileURLToPath(new URL('./runner.ts', import.meta.url));
const STOP_GRACE_MS = 10_000;

export interface ChainProcessOptions {
  /**
   * Start-up follows progress: the chain is stopped only when it neither prints nor uses CPU
   * time for this long (compiling a runtime on a busy machine takes minutes, and is progress).
   */
  startIdleMs: number;
  /** Backstop for a start that keeps busy but never serves RPC (default 30 min). */
  maxStartMs?: number;
  /** Stops the start (the process is ended) when aborted. */
  signal?: AbortSignal;
  /** How often progress is sampled (default 5 s). */
  progressSampleMs?: number;
  /** chopsticks' own log level; its output is kept for error reports, not printed. */
  logLevel: 'error' | 'warn' | 'info' | 'debug';
}

export interface ChainProcess {
  pid: number;
  port: number;
  /** The chain's name as the runtime reports it (`system_chain`). */
  chain: string;
  /** The runtime it executes, e.g. `paseo` 1001002. */
  specName: string;
  specVersion: number;
  /** Head block number once RPC was up. */
  head: number;
  /** The last lines chopsticks printed. */
  logTail(): string;
  /** Stop the chain and wait until its process has exited (its port is free then). */
  stop(): Promise<void>;
}

/** Every chain process still running, killed outright if the caller exits first. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopProcess(child: ChildProcess): Promise<void> {
  const done = exited(child);
  child.kill('SIGTERM');
  const grace = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  try {
    await done;
  } finally {
    clearTimeout(grace);
    running.delete(child);
  }
}

export async function startChainProcess(config: RunnerConfig, options: ChainProcessOptions): Promise<ChainProcess> {
  const tail = new LineTail();
  const child = fork(RUNNER, [JSON.stringify(config)], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, LOG_LEVEL: options.logLevel, LOG_COMPACT: 'true', NO_COLOR: '1' },
  });
  if (child.pid === undefined) {
    throw new ToolError('chopsticks', undefined, '', 'the chain process could not be started');
  }
  running.add(child);
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => tail.push(chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => tail.push(chunk));

  const what = `chopsticks (${config.specFile})`;
  const failure = (message: string, exitCode?: number, timedOut = false) =>
    new ToolError('chopsticks', exitCode, tail.text(), `${message}\n--- last lines of its log ---\n${tail.text() || '(nothing)'}`, timedOut);
  const maxStartMs = options.maxStartMs ?? 30 * 60_000;
  let progress: ProgressWatch | undefined;
  let cap: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const ready = new Promise<Omit<Extract<RunnerMessage, { type: 'ready' }>, 'type'>>((resolve, reject) => {
    progress = watchProgress({
      pid: child.pid!,
      idleMs: options.startIdleMs,
      ...(options.progressSampleMs !== undefined ? { sampleMs: options.progressSampleMs } : {}),
      onStall: (idle) => reject(failure(`${what} showed no progress (no output, no CPU time) for ${formatDuration(idle)} while starting and was stopped`, undefined, true)),
    });
    child.stdout?.on('data', progress.output);
    child.stderr?.on('data', progress.output);
    cap = setTimeout(() => reject(failure(`${what} kept busy for ${formatDuration(maxStartMs)} without serving RPC and was stopped`, undefined, true)), maxStartMs);
    if (options.signal) {
      onAbort = () => reject(failure(`${what} was stopped while starting: ${(options.signal!.reason as Error)?.message ?? 'cancelled'}`));
      if (options.signal.aborted) onAbort();
      else options.signal.addEventListener('abort', onAbort, { once: true });
    }
    let reason: string | undefined;
    child.on('message', (message: unknown) => {
      if (!isRunnerMessage(message)) return;
      if (message.type === 'ready') {
        resolve(message);
      } else {
        reason = message.message; // reported once the process has closed, with all its output
      }
    });
    // 'close', not 'exit': by then all of its output has been read into the tail.
    child.once('close', (code, signal) => {
      const how = reason ? `failed to start: ${reason}` : `exited during start-up (${signal ?? `code ${code}`})`;
      reject(failure(`${what} ${how}`, code ?? undefined));
    });
  }).finally(() => {
    progress?.stop();
    clearTimeout(cap);
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
  });

  let started;
  try {
    started = await ready;
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return {
    pid: child.pid,
    port: started.port,
    chain: started.chain,
    specName: started.specName,
    specVersion: started.specVersion,
    head: started.head,
    logTail: () => tail.text(),
    stop: () => stopProcess(child),
  };
}
