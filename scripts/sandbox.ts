// `npm run sandbox [-- <network>] [--replay-merge]`: the local playground for everything after
// merge. Starts the Paseo relay and the Rococo Asset Hub parachain (chopsticks) and a real
// kube-apiserver, applies a network from networks/ with its Argo CD Application, prints how to
// reach each, then waits for Ctrl-C and stops everything it started. With --replay-merge it
// instead replays one merge end to end (replay/replayMerge.ts) and exits: 0 when it was applied.
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, mnemonicGenerate } from '@polkadot/util-crypto';
import { EnvironmentError, UsageError } from '../bot/src/errors.js';
import { startChain } from '../bot/src/peers/chain/index.js';
import { startKubeApiServer } from '../bot/src/peers/kube/start.js';
import { startTogether } from '../bot/src/peers/startTogether.js';
import { buildFolders, cleanupBuild } from '../bot/src/render/kustomize.js';
import { REPO_ROOT } from '../bot/src/tools/cache.js';
import { listRenderableFolders } from '../bot/src/repo/tree.js';
import { replayMerge } from './replay/replayMerge.js';

const log = (line: string) => console.error(`sandbox: ${line}`);

function applicationFor(network: string): string {
  return [
    'apiVersion: v1',
    'kind: Namespace',
    'metadata: {name: argocd}',
    '---',
    'apiVersion: v1',
    'kind: Namespace',
    `metadata: {name: ${network}}`,
    '---',
    'apiVersion: argoproj.io/v1alpha1',
    'kind: Application',
    'metadata:',
    `  name: ${network}`,
    '  namespace: argocd',
    'spec:',
    '  project: substrate-networks',
    '  source: {repoURL: "https://example.invalid/substrate-gitops.git", path: "networks/' + network + '", targetRevision: main}',
    `  destination: {server: "https://kubernetes.default.svc", namespace: ${network}}`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.find((a) => a.startsWith('-') && a !== '--replay-merge');
  if (unknown) throw new UsageError(`unknown option ${unknown}; usage: npm run sandbox -- [<network>] [--replay-merge]`);
  const replay = args.includes('--replay-merge');
  const network = args.find((a) => !a.startsWith('-')) ?? 'rococo-ten';
  const networks = (await listRenderableFolders(REPO_ROOT)).filter((f) => f.network).map((f) => f.network!);
  if (!networks.includes(network)) throw new UsageError(`no network "${network}"; choose one of ${networks.join(', ')}`);
  await cryptoWaitReady();
  const operatorPhrase = mnemonicGenerate(12);
  const operator = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(operatorPhrase);
  const started: { stop: () => Promise<void> }[] = [];
  const stopAll = async () => {
    for (const peer of started.reverse()) await peer.stop().catch(() => undefined);
  };
  try {
    log('starting the relay chain, the parachain and the API server (a minute on a warm cache)');
    // All or nothing: when one fails, the others are stopped even while still starting or building.
    const interrupted = new AbortController();
    const interrupt = () => interrupted.abort(new Error('interrupted'));
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
    const [relay, para, kube] = await startTogether(
      [
        { name: 'relay chain', start: (signal) => startChain({ runtime: 'relay', sudo: operator.address, signal }) },
        { name: 'parachain', start: (signal) => startChain({ runtime: 'parachain', signal }) },
        { name: 'kube-apiserver', start: (signal) => startKubeApiServer({ log, signal }) },
      ],
      { log, signal: interrupted.signal },
    ).finally(() => {
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
    });
    started.push(relay, para, kube);
    const build = await buildFolders(REPO_ROOT, [`networks/${network}`]);
    try {
      // No Prometheus operator here: its ServiceMonitor kind is not installed.
      const docs = build.output.split(/^---\n/m).filter((d) => !/^kind: ServiceMonitor$/m.test(d));
      await kube.apply(applicationFor(network) + '---\n' + docs.join('---\n'));
    } finally {
      await cleanupBuild(build);
    }
    console.log(
      JSON.stringify(
        {
          network,
          relayRpc: relay.wsUrl,
          parachainRpc: para.wsUrl,
          operatorSudo: { address: operator.address, note: 'a fresh throw-away phrase; it is sudo on this relay only and is printed nowhere' },
          kubernetes: { server: kube.server, adminKubeconfig: kube.adminKubeconfig, botKubeconfig: kube.botKubeconfig },
          try: [`kubectl --kubeconfig ${kube.adminKubeconfig} -n ${network} get statefulsets`, `kubectl --kubeconfig ${kube.adminKubeconfig} -n argocd get applications`],
        },
        null,
        2,
      ),
    );
    if (replay) {
      const applied = await replayMerge({ network, relay, kube, operatorPhrase, operatorAddress: operator.address });
      process.exitCode = applied ? 0 : 1;
      return;
    }
    log('running; Ctrl-C stops everything and removes its data');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
  } finally {
    await stopAll();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof EnvironmentError) {
    console.error(`sandbox: ${error.message}${error instanceof EnvironmentError && error.fix ? ` — ${error.fix}` : ''}`);
    process.exitCode = 2;
  } else {
    console.error(`sandbox: ${(error as Error)?.message ?? String(error)}`);
    process.exitCode = 1;
  }
  // Everything it started has been stopped; should anything still hold the process open,
  // say so and end instead of waiting silently (the exit hooks kill any child left).
  setTimeout(() => {
    console.error('sandbox: something was still running 10 s after stopping; exiting');
    process.exit();
  }, 10_000).unref();
});
