import { execa } from 'execa';
import { ToolError } from '../errors.js';
import { formatDuration } from './progress.js';
import { watchProgress, type ProgressReport, type ProgressWatch } from './progressWatch.js';

export interface RunOptions {
  cwd?: string;
  input?: string | Buffer;
  /** Milliseconds before the process is killed. Every external tool runs with one. */
  timeoutMs?: number;
  env?: Record<string, string | undefined>;
  /** Exit codes that are results rather than failures (conftest exits 1 on a deny). */
  okExitCodes?: readonly number[];
  /** Largest stdout/stderr kept, in bytes. */
  maxBuffer?: number;
  /**
   * Instead of a fixed timeout (unless `timeoutMs` is given too): stop the tool only when it
   * shows no progress — no output, no CPU time of its own or its children's — for this long.
   * For installs and builds, which take minutes on a fast machine and much longer on a busy one.
   */
  idleTimeoutMs?: number;
  /** With idleTimeoutMs: print what runs and for how long, at a steady interval. */
  progress?: ProgressReport;
  /** With idleTimeoutMs: how often progress is sampled (default 5 s). */
  progressSampleMs?: number;
  /** Stops the tool when aborted (e.g. a sibling start-up failed). */
  signal?: AbortSignal;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** Keep the end of stderr: it is where tools say what went wrong. */
export function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Run one external tool; throw one ToolError carrying tool, exit code and stderr tail. */
export async function runTool(tool: string, file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const idle = options.idleTimeoutMs;
  const timeout = options.timeoutMs ?? (idle === undefined ? DEFAULT_TIMEOUT_MS : undefined);
  const ok = options.okExitCodes ?? [0];
  let stalled: number | undefined;
  let watch: ProgressWatch | undefined;
  let result;
  try {
    const subprocess = execa(file, args, {
      cwd: options.cwd,
      input: options.input,
      ...(timeout !== undefined ? { timeout } : {}),
      ...(options.signal ? { cancelSignal: options.signal } : {}),
      env: options.env,
      extendEnv: true,
      reject: false,
      stripFinalNewline: false,
      maxBuffer: options.maxBuffer ?? 256 * 1024 * 1024,
      stdin: options.input === undefined ? 'ignore' : 'pipe',
    });
    if (idle !== undefined && subprocess.pid !== undefined) {
      const progress = watchProgress({
        pid: subprocess.pid,
        idleMs: idle,
        ...(options.progressSampleMs !== undefined ? { sampleMs: options.progressSampleMs } : {}),
        ...(options.progress ? { report: options.progress } : {}),
        onStall: (ms) => {
          stalled = ms;
          subprocess.kill();
        },
      });
      subprocess.stdout?.on('data', progress.output);
      subprocess.stderr?.on('data', progress.output);
      watch = progress;
    }
    result = await subprocess;
  } catch (error) {
    throw new ToolError(tool, undefined, '', `${tool} could not be started: ${(error as Error).message}`, false, { cause: error });
  } finally {
    watch?.stop();
  }
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '');
  if (stalled !== undefined) {
    throw new ToolError(tool, undefined, tail(stderr), `${tool} showed no progress (no output, no CPU time) for ${formatDuration(stalled)} and was stopped`, true);
  }
  if (result.timedOut) {
    throw new ToolError(tool, undefined, tail(stderr), `${tool} did not finish within ${Math.round((timeout ?? 0) / 1000)} s and was stopped`, true);
  }
  if (result.isCanceled) {
    throw new ToolError(tool, undefined, tail(stderr), `${tool} was stopped: ${stopReason(options.signal?.reason)}`);
  }
  if (result.failed && result.exitCode === undefined) {
    const reason = (result as { code?: string }).code === 'ENOENT' ? 'not found' : result.shortMessage;
    throw new ToolError(tool, undefined, tail(stderr), `${tool} could not be run (${reason})`);
  }
  const exitCode = result.exitCode ?? -1;
  if (!ok.includes(exitCode)) {
    throw new ToolError(tool, exitCode, tail(stderr), `${tool} exited with code ${exitCode}: ${tail(stderr, 5) || tail(stdout, 5)}`);
  }
  return { stdout, stderr, exitCode };
}

function stopReason(reason: unknown): string {
  if (reason instanceof Error) return reason.message.split('\n')[0] ?? reason.name;
  return typeof reason === 'string' ? reason : 'cancelled';
}
