// Benchmark: a webhook for a pull request that changes one network of a generated repository
// (N networks × 20 validators), received by the real app → every check run completed,
// against the local GitHub stand-in. Called by scripts/bench.ts.
import { createRepo } from '../test/github/gitRepo.js';
import { RPC_IMAGE_FILE, networkWithRpc, repositoryFiles } from '../src/github/fixture.js';
import { startBot, waitFor } from '../src/github/harness.js';
import { CHECK_RUN_NAMES } from '../src/github/checkRuns.js';

export interface PullRequestBench {
  networks: number;
  /** Webhook sent → the last check run completed, milliseconds (after one warm-up run). */
  ms: number;
  /** Completed check runs of the measured head (4 when everything worked). */
  checkRuns: number;
  /** Their conclusions, to see that the run was a real pass. */
  conclusions: string[];
}

const VALIDATORS = 20;

export async function benchPullRequest(options: { networks: 5 | 50 }): Promise<PullRequestBench> {
  const names = Array.from({ length: options.networks }, (_, i) => `net-${String(i).padStart(2, '0')}`);
  const repo = await createRepo(repositoryFiles(names, { validators: VALIDATORS }));
  const bot = await startBot({ repoDir: repo.dir, logLevel: 'warn' });
  try {
    const baseSha = await repo.sha();
    const bump = (network: string, tag: string) => ({ [RPC_IMAGE_FILE(network)]: networkWithRpc(network, `docker.io/parity/polkadot:${tag}`, { validators: VALIDATORS })[RPC_IMAGE_FILE(network)]! });
    const run = async (number: number, branch: string, network: string, tag: string): Promise<{ ms: number; sha: string }> => {
      await repo.checkout('main');
      await repo.branch(branch);
      const sha = await repo.commit(bump(network, tag), `bump ${network}`);
      bot.standIn.setPullRequest(number, { head: { ref: branch }, base: { ref: 'main' }, user: { login: 'alice' } });
      const done = () => bot.standIn.state.checkRuns.filter((r) => r.head_sha === sha && r.status === 'completed').length === CHECK_RUN_NAMES.length;
      const start = performance.now();
      const response = await bot.send('pull_request', 'opened', { number, head: { sha, ref: branch }, base: { sha: baseSha, ref: 'main' } });
      if (response.status >= 400) throw new Error(`webhook answered ${response.status}: ${response.body}`);
      await waitFor(done, `the check runs of ${sha}`, 120_000);
      return { ms: Math.round(performance.now() - start), sha };
    };
    // Warm-up: first use of the tools, the JIT and the installation token.
    await run(1, 'warm-up', names[0]!, 'v1.17.2');
    const measured = await run(2, 'measured', names[names.length - 1]!, 'v1.17.3');
    const runs = bot.standIn.state.checkRuns.filter((r) => r.head_sha === measured.sha && r.status === 'completed');
    return { networks: options.networks, ms: measured.ms, checkRuns: runs.length, conclusions: runs.map((r) => `${r.name}: ${r.conclusion}`) };
  } finally {
    await bot.close();
    await repo.remove();
  }
}
