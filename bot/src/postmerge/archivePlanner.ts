// The post-merge plan as the bot makes it: no clone in the pod, so the trees before and after
// the push come as GitHub tarballs through the installation's token (contents: read), unpacked
// with the same limits and checks as a pull request's, read from `.github/substrate-gitops.yml`
// at the merged commit.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_FILE } from '../config.js';
import { InputError } from '../errors.js';
import type { GitHubClient } from '../github/client.js';
import { checkCommitPair } from '../github/commitPair.js';
import { readRepoConfig } from '../github/repoConfig.js';
import { fetchTreeFromTarball, type FetchTree } from '../github/trees.js';
import { runChecks as pipeline, type CheckInput } from '../pipeline/runChecks.js';
import type { CheckResult } from '../pipeline/types.js';
import { mergePlanFrom } from './treePlan.js';
import type { MergePlan, MergePlanner, MergePush } from './types.js';

export interface ArchivePlannerDeps {
  github: GitHubClient;
  repo: { owner: string; repo: string };
  fetchTree?: FetchTree;
  runChecks?: (input: CheckInput) => Promise<CheckResult>;
  /** Where trees are unpacked (the pod's writable emptyDir). */
  workRoot?: string;
  warn?: (message: string) => void;
}

export class ArchiveMergePlanner implements MergePlanner {
  constructor(private readonly deps: ArchivePlannerDeps) {}

  async plan(push: MergePush): Promise<MergePlan> {
    const { github, repo } = this.deps;
    const config = await readRepoConfig(github, repo.owner, repo.repo, push.after);
    if (!config.ok) throw new InputError(`${CONFIG_FILE} at ${push.after.slice(0, 12)} is invalid (${config.problems.join('; ')}): fix it in a new pull request; nothing was planned for this push`, CONFIG_FILE);
    const work = await mkdtemp(join(this.deps.workRoot ?? tmpdir(), 'sg-merge-'));
    try {
      const deps = {
        github,
        fetchTree: this.deps.fetchTree ?? fetchTreeFromTarball,
        runChecks: this.deps.runChecks ?? pipeline,
        limits: config.config.limits.tarball,
        warn: this.deps.warn ?? (() => {}),
      };
      const { result, headDir } = await checkCommitPair(deps, { ...repo, baseSha: push.before, headSha: push.after }, work);
      return await mergePlanFrom(result, headDir, push.after);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
}
