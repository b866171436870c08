// The post-merge plan from a local clone: the trees before and after the push, through the
// same `runChecks` pipeline as the pull-request preview.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseNetworkFile } from '../model/networkFile.js';
import { runChecks } from '../pipeline/runChecks.js';
import { exportRevision } from '../repo/git.js';
import { runTool } from '../tools/run.js';
import type { MergePlanner, MergePush, PlannedNetwork } from './types.js';

const NO_COMMIT = /^0+$/;

async function changedBetween(repoDir: string, before: string, after: string): Promise<string[]> {
  const { stdout } = await runTool('git', 'git', ['-C', repoDir, 'diff', '--name-only', '--no-renames', '-z', before, after, '--'], { timeoutMs: 60_000 });
  return stdout.split('\0').filter(Boolean);
}

async function rpcOf(treeDir: string, network: string): Promise<string> {
  const file = join('networks', network, 'network.yaml');
  const { spec } = parseNetworkFile(file, await readFile(join(treeDir, file)), network);
  if (!spec) throw new Error(`${file} at the merged commit is not a valid network file; run \`npm run check\` on it`);
  return spec.chain.rpc;
}

export class GitMergePlanner implements MergePlanner {
  constructor(private readonly repoDir: string) {}

  async plan(push: MergePush): Promise<PlannedNetwork[]> {
    const head = await exportRevision(this.repoDir, push.after);
    const base = NO_COMMIT.test(push.before) ? undefined : await exportRevision(this.repoDir, push.before);
    try {
      const changedFiles = base ? await changedBetween(this.repoDir, push.before, push.after) : undefined;
      const result = await runChecks({ headDir: head.dir, baseDir: base?.dir ?? head.dir, ...(changedFiles ? { changedFiles } : {}) });
      const planned: PlannedNetwork[] = [];
      for (const plan of result.plan ?? []) planned.push({ plan, rpc: await rpcOf(head.dir, plan.network) });
      return planned;
    } finally {
      await Promise.all([head.dispose(), base?.dispose()]);
    }
  }
}
