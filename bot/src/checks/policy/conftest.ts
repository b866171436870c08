// Doing: run the pinned conftest once and read its JSON output.
import { join } from 'node:path';
import { ToolError } from '../../errors.js';
import { REPO_ROOT } from '../../tools/cache.js';
import { ensureTool } from '../../tools/install.js';
import { runTool } from '../../tools/run.js';
import type { ConftestFileResult } from './results.js';

export const POLICY_DIR = join(REPO_ROOT, 'policies');

export interface ConftestOptions {
  /** conftest binary (default: the pinned one, installed on first use). */
  conftest?: string;
  /** Folder of Rego policies (default: policies/ of this repository). */
  policyDir?: string;
  timeoutMs?: number;
}

/** `conftest <command> ... --output json`; exit code 1 means "some policy failed", not a crash. */
export async function runConftestJson<T = ConftestFileResult[]>(args: readonly string[], cwd: string, options: ConftestOptions = {}): Promise<T> {
  const binary = options.conftest ?? (await ensureTool('conftest'));
  const { stdout, stderr, exitCode } = await runTool('conftest', binary, [...args, '--output', 'json', '--no-color'], {
    cwd,
    timeoutMs: options.timeoutMs ?? 120_000,
    okExitCodes: [0, 1],
  });
  try {
    return JSON.parse(stdout) as T;
  } catch (error) {
    // A policy that does not compile or an unreadable file: conftest says why on stderr.
    throw new ToolError('conftest', exitCode, stderr.trim().split('\n').slice(-15).join('\n'), `conftest failed: ${stderr.trim().split('\n').slice(-3).join(' ') || 'no JSON output'}`, false, { cause: error });
  }
}
