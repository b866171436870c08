import { EnvironmentError, ToolError } from '../errors.js';
import { stderrLine, type ProgressReport } from './progressWatch.js';
import { runTool } from './run.js';

export interface GoModuleInfo {
  path: string;
  version: string;
  /** Read-only folder in the Go module cache holding the module's files. */
  dir: string;
}

/**
 * Downloads and builds get no fixed time limit: on a busy machine they take many times
 * longer than here. They are stopped only after this long without output and without CPU
 * time spent by go or the compilers it runs (a stalled download, a hung build).
 */
export const GO_IDLE_TIMEOUT_MS = 10 * 60_000;

export interface GoRunOptions {
  /** Where "what … how long" lines go (default: stderr). */
  log?: (line: string) => void;
  /** Stops go when aborted. */
  signal?: AbortSignal;
}

/** runTool options for a long go command: the progress-following limit and a progress line. */
export function goProgress(label: string, options: GoRunOptions = {}): { idleTimeoutMs: number; progress: ProgressReport; signal?: AbortSignal } {
  return { idleTimeoutMs: GO_IDLE_TIMEOUT_MS, progress: { label, write: options.log ?? stderrLine }, ...(options.signal ? { signal: options.signal } : {}) };
}

export async function requireGo(why = ''): Promise<void> {
  try {
    await runTool('go', 'go', ['version'], { timeoutMs: 60_000 });
  } catch (error) {
    throw new EnvironmentError(`Go is not installed or not on PATH${why}`, 'install Go ≥ 1.26.3 (https://go.dev/dl) and re-run', { cause: error });
  }
}

/**
 * Fetch one pinned Go module through the module proxy (`go mod download -json`)
 * and return where its files are. Idempotent: the Go module cache is the cache.
 */
export async function downloadGoModule(path: string, version: string, options: GoRunOptions = {}): Promise<GoModuleInfo> {
  await requireGo();
  const { stdout } = await runTool('go', 'go', ['mod', 'download', '-json', `${path}@${version}`], {
    ...goProgress(`downloading ${path} ${version}`, options),
    okExitCodes: [0, 1],
    env: { GOFLAGS: '-mod=mod', GO111MODULE: 'on' },
  });
  const info = JSON.parse(stdout) as { Path: string; Version: string; Dir?: string; Error?: string };
  if (info.Error || !info.Dir) {
    throw new ToolError('go', 1, info.Error ?? '', `go mod download ${path}@${version} failed: ${info.Error ?? 'no directory reported'}`);
  }
  return { path: info.Path, version: info.Version, dir: info.Dir };
}

/** `go install module@version` into `binDir`; `-v` lists each package built (progress on any OS). */
export async function goInstall(pkg: string, version: string, binDir: string, label: string, options: GoRunOptions = {}): Promise<void> {
  await requireGo();
  await runTool('go', 'go', ['install', '-v', `${pkg}@${version}`], {
    ...goProgress(label, options),
    env: { GOBIN: binDir, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
  });
}
