// "Does the revision Argo CD synced contain the merged commit?" answered by the GitHub compare
// API (in the bot) or by a local clone (on the command line).
import type { ContainsCommit } from '../cluster/deployGate.js';
import { runTool } from '../tools/run.js';
import type { ReporterOctokit } from './githubReporter.js';

/** `merged...later` is `ahead` or `identical` exactly when `later` contains `merged`. */
export function githubContains(octokit: ReporterOctokit, repo: { owner: string; repo: string }): ContainsCommit {
  return async (later, merged) => {
    try {
      const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${merged}...${later}`, per_page: 1 });
      return data.status === 'ahead' || data.status === 'identical';
    } catch (error) {
      // A revision GitHub does not know (force-pushed away) contains nothing of ours.
      if ((error as { status?: number }).status === 404) return false;
      throw error;
    }
  };
}

export function gitContains(repoDir: string): ContainsCommit {
  return async (later, merged) => {
    const { exitCode } = await runTool('git', 'git', ['-C', repoDir, 'merge-base', '--is-ancestor', merged, later], { timeoutMs: 30_000, okExitCodes: [0, 1, 128] });
    return exitCode === 0;
  };
}
