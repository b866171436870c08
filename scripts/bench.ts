// `npm run bench [-- <section>…]`: figures and ratios measured in the same run. Never asserted in
// tests. Sections: check, pr, sync, chain, hostile (default: all, in that order).
import { benchRegistration } from '../bot/bench/chainBench.js';
import { benchHostile } from '../bot/bench/hostileBench.js';
import { benchSyncGate } from '../bot/bench/syncGateBench.js';
import { registrationLines } from '../bot/bench/chainReport.js';
import { benchCheck, type CheckFigures } from '../bot/bench/checkBench.js';
import { benchPullRequest } from '../bot/bench/prBench.js';

const ms = (n: number) => `${Math.round(n)} ms`;
const ratio = (a: number, b: number) => (a / b).toFixed(2);
const CHAIN_NODES = 100;
const CHAIN_BASELINE_NODES = 20;

const SECTIONS = ['check', 'pr', 'sync', 'chain', 'hostile'] as const;

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((a) => !(SECTIONS as readonly string[]).includes(a));
  if (unknown.length > 0) throw new Error(`unknown section ${unknown.join(', ')}; sections: ${SECTIONS.join(', ')}`);
  const run = (section: (typeof SECTIONS)[number]) => asked.length === 0 || asked.includes(section);
  if (run('check')) await checkSection();
  if (run('pr')) await pullRequestSection();
  if (run('sync')) await syncGateSection();
  if (run('chain')) await chainSection();
  if (run('hostile')) await hostileSection();
}

async function checkSection(): Promise<void> {
  console.log('== check pipeline (networks × 20 validators + 2 bootnodes + 1 rpc)');
  const figures: CheckFigures[] = [];
  for (const n of [5, 50]) {
    const f = await benchCheck(n);
    figures.push(f);
    console.log(
      `${String(n).padStart(3)} networks, ${f.resources} resources: full check ${ms(f.fullMs)} (raw tools ${ms(f.rawFullMs)}, overhead ×${ratio(f.fullMs, f.rawFullMs)}); ` +
        `one-network change ${ms(f.changeMs)} (raw tools ${ms(f.rawChangeMs)}, overhead ×${ratio(f.changeMs, f.rawChangeMs)})`,
    );
  }
  const [small, large] = figures as [CheckFigures, CheckFigures];
  console.log(`one-network change, 50 vs 5 networks: ×${ratio(large.changeMs, small.changeMs)} (target ≤ 1.5)`);
  console.log(`full check, pipeline vs raw tools at 50 networks: ×${ratio(large.fullMs, large.rawFullMs)} (target ≤ 1.25)`);
}

async function pullRequestSection(): Promise<void> {
  console.log('\n== pull-request bot (webhook received → all check runs completed, local GitHub stand-in)');
  const pr: Record<number, number> = {};
  for (const n of [5, 50] as const) {
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) runs.push((await benchPullRequest({ networks: n })).ms);
    pr[n] = Math.min(...runs);
    console.log(`${String(n).padStart(3)} networks: best ${ms(pr[n]!)} of ${runs.map(ms).join(', ')} (target ≤ 3000 ms)`);
  }
  console.log(`pull request, 50 vs 5 networks: ×${ratio(pr[50]!, pr[5]!)}`);
}

async function syncGateSection(): Promise<void> {
  console.log('\n== sync gate (Argo CD writes Synced + Healthy for the merged revision → the bot\'s watch passes the gate; real kube-apiserver)');
  const gate = await benchSyncGate({ rounds: 7 });
  const sorted = [...gate.reactionMs].sort((x, y) => x - y);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(`${gate.reactionMs.length} rounds: median ${ms(median)}, max ${ms(sorted.at(-1)!)} (${gate.reactionMs.map(ms).join(', ')}) (target ≤ 1000 ms)`);
}

async function chainSection(): Promise<void> {
  // Every extrinsic costs chopsticks 0.5–2 s (validated on submission, then applied), so the
  // baseline gets 20 nodes: the chain section stays within ~3 minutes even on a loaded machine.
  console.log(`\n== chain: ${CHAIN_NODES} new validators (session keys + staking registration) on a fresh Paseo under chopsticks, each path on its own chain`);
  const chainStart = performance.now();
  const chain = await benchRegistration({ nodes: CHAIN_NODES, baselineNodes: CHAIN_BASELINE_NODES });
  for (const line of registrationLines(chain)) console.log(line);
  console.log(
    `(runtime ${chain.runtime}; both paths verified on chain; section ${ms(performance.now() - chainStart)} with chain start-up; ` +
      `baseline on all ${CHAIN_NODES}: npx tsx bot/bench/chainBench.ts ${CHAIN_NODES} ${CHAIN_NODES})`,
  );
}

async function hostileSection(): Promise<void> {
  console.log('\n== hostile pull requests (npm run check on each; wall time and peak resident memory of the whole process tree)');
  for await (const f of benchHostile()) {
    const mib = f.peakTreeRssBytes / 1024 / 1024;
    const verdict = f.ms <= 30_000 && mib <= 1024 ? 'within' : 'OVER';
    console.log(`${f.name}: exit ${f.exitCode}, ${(f.ms / 1000).toFixed(1)} s, peak ${Math.round(mib)} MiB — ${verdict} 30 s / 1 GiB; ${f.firstFinding}`);
  }
}

main().catch((error: unknown) => {
  console.error(`bench: ${(error as Error)?.stack ?? String(error)}`);
  process.exitCode = 2;
});
