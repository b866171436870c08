// One long-running child process of the test peer: its output goes to a log file and a
// bounded tail; it is killed by its own handle only (never by name), and at the latest
// when this Node process exits or when its lifetime runs out.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { LogTail, formatStartFailure } from './logTail.js';

export interface PeerProcess {
  name: string;
  pid: number;
  logFile: string;
  tail: LogTail;
  /** Bytes printed so far (stdout and stderr): a start that prints is making progress. */
  printed: number;
  /** Set once the process has ended. */
  exit: { code: number | null; signal: string | null } | undefined;
  exited: Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** A message with the process's last log lines, for a failed start. */
  failure(reason: string): string;
}

export interface SpawnOptions {
  logFile: string;
  log?: (line: string) => void;
  /** Upper bound on how long the process may run; it is killed after that. */
  maxLifetimeMs: number;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Last resort: nothing this module started outlives the Node process. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

export function spawnPeerProcess(name: string, file: string, args: readonly string[], options: SpawnOptions): PeerProcess {
  installExitHook();
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`${name} could not be started (${file})`);
  running.add(child);
  const tail = new LogTail(200);
  const logStream = createWriteStream(options.logFile, { flags: 'a' });
  const onData = (chunk: Buffer) => {
    handle.printed += chunk.length;
    const text = chunk.toString('utf8');
    logStream.write(text);
    for (const line of tail.push(text)) options.log?.(`${name}: ${line}`);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);

  const lifetime = setTimeout(() => child.kill('SIGKILL'), options.maxLifetimeMs);
  lifetime.unref();

  const handle: PeerProcess = {
    name,
    pid: child.pid,
    logFile: options.logFile,
    tail,
    printed: 0,
    exit: undefined,
    exited: new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        handle.exit = { code, signal };
        running.delete(child);
        clearTimeout(lifetime);
        logStream.end();
        resolve();
      });
    }),
    async stop(graceMs = 5_000) {
      if (handle.exit) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await handle.exited;
      clearTimeout(timer);
    },
    failure(reason) {
      return formatStartFailure({ process: name, reason, exit: handle.exit, logLines: tail.last(), logFile: options.logFile });
    },
  };
  return handle;
}
