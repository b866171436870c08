// `npm run bench`: figures and ratios measured in the same run. Never asserted in tests.
import { benchCheck, type CheckFigures } from '../bot/bench/checkBench.js';
import { benchPullRequest } from '../bot/bench/prBench.js';

const ms = (n: number) => `${Math.round(n)} ms`;
const ratio = (a: number, b: number) => (a / b).toFixed(2);

async function main(): Promise<void> {
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

  console.log('\n== pull-request bot (webhook received → all check runs completed, local GitHub stand-in)');
  const pr: Record<number, number> = {};
  for (const n of [5, 50] as const) {
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) runs.push((await benchPullRequest({ networks: n })).ms);
    pr[n] = Math.min(...runs);
    console.log(`${String(n).padStart(3)} networks: best ${ms(pr[n]!)} of ${runs.map(ms).join(', ')} (target ≤ 3000 ms)`);
  }
  console.log(`pull request, 50 vs 5 networks: ×${ratio(pr[50]!, pr[5]!)}`);
  console.log('\n(the chain benchmark, bot/bench/chainBench.ts, is run separately: npx tsx bot/bench/chainBench.ts)');
}

main().catch((error: unknown) => {
  console.error(`bench: ${(error as Error)?.stack ?? String(error)}`);
  process.exitCode = 2;
});
