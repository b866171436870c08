import { EnvironmentError, ToolError } from '../errors.js';
import { runTool } from './run.js';

export interface GoModuleInfo {
  path: string;
  version: string;
  /** Read-only folder in the Go module cache holding the module's files. */
  dir: string;
}

async function requireGo(): Promise<void> {
  try {
    await runTool('go', 'go', ['version'], { timeoutMs: 20_000 });
  } catch (error) {
    throw new EnvironmentError('Go is not installed or not on PATH', 'install Go ≥ 1.26 (https://go.dev/dl) and re-run', { cause: error });
  }
}

/**
 * Fetch one pinned Go module through the module proxy (`go mod download -json`)
 * and return where its files are. Idempotent: the Go module cache is the cache.
 */
export async function downloadGoModule(path: string, version: string, timeoutMs = 900_000): Promise<GoModuleInfo> {
  await requireGo();
  const { stdout } = await runTool('go', 'go', ['mod', 'download', '-json', `${path}@${version}`], {
    timeoutMs,
    okExitCodes: [0, 1],
    env: { GOFLAGS: '-mod=mod', GO111MODULE: 'on' },
  });
  const info = JSON.parse(stdout) as { Path: string; Version: string; Dir?: string; Error?: string };
  if (info.Error || !info.Dir) {
    throw new ToolError('go', 1, info.Error ?? '', `go mod download ${path}@${version} failed: ${info.Error ?? 'no directory reported'}`);
  }
  return { path: info.Path, version: info.Version, dir: info.Dir };
}

/** `go install module@version` into `binDir`; returns the binary path. */
export async function goInstall(pkg: string, version: string, binDir: string, timeoutMs = 900_000): Promise<void> {
  await requireGo();
  await runTool('go', 'go', ['install', `${pkg}@${version}`], {
    timeoutMs,
    env: { GOBIN: binDir, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
  });
}
