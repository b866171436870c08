import { execa } from 'execa';
import { ToolError } from '../errors.js';

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
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const ok = options.okExitCodes ?? [0];
  let result;
  try {
    result = await execa(file, args, {
      cwd: options.cwd,
      input: options.input,
      timeout,
      env: options.env,
      extendEnv: true,
      reject: false,
      stripFinalNewline: false,
      maxBuffer: options.maxBuffer ?? 256 * 1024 * 1024,
      stdin: options.input === undefined ? 'ignore' : 'pipe',
    });
  } catch (error) {
    throw new ToolError(tool, undefined, '', `${tool} could not be started: ${(error as Error).message}`, false, { cause: error });
  }
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '');
  if (result.timedOut) {
    throw new ToolError(tool, undefined, tail(stderr), `${tool} did not finish within ${Math.round(timeout / 1000)} s and was stopped`, true);
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
