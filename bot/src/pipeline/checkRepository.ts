import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { changedFilesSince, exportRevision, gitToplevel, resolveRevision } from '../repo/git.js';
import { repoPath } from '../repo/tree.js';
import { runChecks } from './runChecks.js';
import type { CheckResult } from './types.js';

export interface RepositoryCheckOptions {
  cwd: string;
  paths?: string[];
  base?: string;
}

/** The command-line entry: the working directory as head, a git ref as base. */
export async function checkRepository(options: RepositoryCheckOptions): Promise<CheckResult> {
  const root = await gitToplevel(options.cwd);
  // Without git there is no telling the repository's files from .cache/, node_modules/ and
  // anything else lying below: refuse instead of checking all of it.
  if (!root) throw new UsageError(`${options.cwd} is not inside a git repository — run the check in a git clone of the repository (git clone …), or make this folder one first (git init && git add -A)`);
  const paths = (options.paths ?? []).map((p) => {
    const abs = resolve(options.cwd, p);
    if (!existsSync(abs)) throw new UsageError(`path ${p} does not exist`);
    const rel = repoPath(root, abs);
    if (rel.startsWith('..')) throw new UsageError(`path ${p} is outside the repository ${root}`);
    return rel;
  });
  if (!options.base) return runChecks({ headDir: root, ...(paths.length ? { paths } : {}) });
  const sha = await resolveRevision(root, options.base);
  const [changedFiles, exported] = await Promise.all([changedFilesSince(root, sha), exportRevision(root, sha)]);
  try {
    return await runChecks({ headDir: root, baseDir: exported.dir, changedFiles, ...(paths.length ? { paths } : {}) });
  } finally {
    await exported.dispose();
  }
}
