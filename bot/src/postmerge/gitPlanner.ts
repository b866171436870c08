// The post-merge plan from a local clone (the command line, tests): the trees before and after
// the push exported with `git archive`, through the same `runChecks` pipeline as the
// pull-request preview. The bot itself plans from GitHub archives (archivePlanner.ts).
import { runChecks } from '../pipeline/runChecks.js';
import { exportRevision } from '../repo/git.js';
import { runTool } from '../tools/run.js';
import { mergePlanFrom } from './treePlan.js';
import type { MergePlan, MergePlanner, MergePush } from './types.js';

const NO_COMMIT = /^0+$/;

async function changedBetween(repoDir: string, before: string, after: string): Promise<string[]> {
  const { stdout } = await runTool('git', 'git', ['-C', repoDir, 'diff', '--name-only', '--no-renames', '-z', before, after, '--'], { timeoutMs: 60_000 });
  return stdout.split('\0').filter(Boolean);
}

export class GitMergePlanner implements MergePlanner {
  constructor(private readonly repoDir: string) {}

  async plan(push: MergePush): Promise<MergePlan> {
    const head = await exportRevision(this.repoDir, push.after);
    const base = NO_COMMIT.test(push.before) ? undefined : await exportRevision(this.repoDir, push.before);
    try {
      const changedFiles = base ? await changedBetween(this.repoDir, push.before, push.after) : undefined;
      const result = await runChecks({ headDir: head.dir, baseDir: base?.dir ?? head.dir, ...(changedFiles ? { changedFiles } : {}) });
      return await mergePlanFrom(result, head.dir, push.after);
    } finally {
      await Promise.all([head.dispose(), base?.dispose()]);
    }
  }
}
