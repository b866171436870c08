// The pinned Go tools the checks run (kubeconform, conftest), built on first use
// into the project cache. The binary name carries the version, so a pin bump in
// versions.ts installs a new binary instead of trusting a stale one.
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { EnvironmentError } from '../errors.js';
import { cacheDir } from './cache.js';
import { goInstall } from './goModule.js';
import { PINNED } from './versions.js';
import { isExecutable } from './executable.js';
import { formatDuration } from './progress.js';
import { stderrLine } from './progressWatch.js';

export type CheckTool = 'kubeconform' | 'conftest';

export interface ToolPin {
  tool: CheckTool;
  /** Go package path given to `go install`. */
  pkg: string;
  version: string;
  /** Name of the binary `go install` writes (the last element of the package path). */
  builtName: string;
  /** Version-stamped name it is kept under in the cache. */
  stampedName: string;
}

/** Deciding: which package, version and file name a tool is installed as. */
export function toolPin(tool: CheckTool): ToolPin {
  const pin = PINNED[tool];
  const builtName = pin.module.split('/').pop() ?? tool;
  return { tool, pkg: pin.module, version: pin.version, builtName, stampedName: `${tool}-${pin.version}` };
}

const inFlight = new Map<CheckTool, Promise<string>>();

/**
 * Path of the pinned binary, installing it first when missing. Safe when several
 * processes race: each builds into its own temporary GOBIN and renames the binary
 * into place, which is atomic on one file system; the last rename wins and every
 * candidate is the same pinned build.
 */
export function ensureTool(tool: CheckTool): Promise<string> {
  let pending = inFlight.get(tool);
  if (!pending) {
    pending = install(toolPin(tool));
    inFlight.set(tool, pending);
    // A failed install must not stick for the life of the process.
    pending.catch(() => inFlight.delete(tool));
  }
  return pending;
}

async function install(pin: ToolPin): Promise<string> {
  const binDir = await cacheDir('tools', 'bin');
  const target = join(binDir, pin.stampedName);
  if (await isExecutable(target)) return target;

  const tempBin = join(await cacheDir('tools', 'tmp'), `${pin.tool}-${randomUUID()}`);
  await mkdir(tempBin, { recursive: true });
  const label = `installing ${pin.tool} ${pin.version}`;
  const started = Date.now();
  stderrLine(`${label} with go install (first use only; a few minutes, longer on a busy machine)`);
  try {
    await goInstall(pin.pkg, pin.version, tempBin, label);
    await rename(join(tempBin, pin.builtName), target);
    stderrLine(`installed ${pin.tool} ${pin.version} (${formatDuration(Date.now() - started)})`);
  } catch (error) {
    if (error instanceof EnvironmentError) {
      throw new EnvironmentError(
        `${pin.tool} ${pin.version} is not installed and cannot be built: ${error.message}`,
        'install Go ≥ 1.26.3 (https://go.dev/dl), then run `npm run setup`',
        { cause: error },
      );
    }
    throw error;
  } finally {
    await rm(tempBin, { recursive: true, force: true });
  }
  return target;
}
