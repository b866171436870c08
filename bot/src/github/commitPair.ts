// Doing: two commits of a repository as GitHub tarballs, unpacked safely side by side,
// compared by content, and checked once with the pipeline. The pull-request run (base vs
// head) and the post-merge plan (before vs after a push) both go through here.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckInput } from '../pipeline/runChecks.js';
import type { CheckResult } from '../pipeline/types.js';
import type { TarballLimits } from '../repo/tarball.js';
import { changedFilesBetween } from '../repo/treeDiff.js';
import type { GitHubClient } from './client.js';
import type { FetchTree } from './trees.js';

export interface CommitPair {
  owner: string;
  repo: string;
  baseSha: string;
  headSha: string;
}

export interface CommitPairDeps {
  github: GitHubClient;
  fetchTree: FetchTree;
  runChecks: (input: CheckInput) => Promise<CheckResult>;
  limits: TarballLimits;
  warn: (message: string) => void;
}

/** `work` must exist and be empty; the caller removes it. */
export async function checkCommitPair(deps: CommitPairDeps, pair: CommitPair, work: string): Promise<{ result: CheckResult; baseDir: string; headDir: string }> {
  const baseDir = join(work, 'base');
  const headDir = join(work, 'head');
  await Promise.all([mkdir(baseDir), mkdir(headDir)]);
  // Both trees come from the one repository: GitHub serves a fork's head commit there too.
  const [baseTree, headTree] = await Promise.all([
    deps.fetchTree(deps.github, { owner: pair.owner, repo: pair.repo, sha: pair.baseSha }, baseDir, deps.limits),
    deps.fetchTree(deps.github, { owner: pair.owner, repo: pair.repo, sha: pair.headSha }, headDir, deps.limits),
  ]);
  for (const s of [...baseTree.skipped, ...headTree.skipped]) deps.warn(`tarball entry ${s.path} skipped: ${s.reason}`);
  const changedFiles = await changedFilesBetween(baseDir, headDir);
  const result = await deps.runChecks({ headDir, baseDir, changedFiles });
  return { result, baseDir, headDir };
}
