import { randomBytes } from 'node:crypto';
import { ApplicationWatcher } from '../src/cluster/applicationWatch.js';
import { loadKubeConfig, startKubeApiServer } from '../src/peers/kube/start.js';
import { createApplication, syncedStatus, writeApplicationStatus } from '../test/argoCd.js';

// How fast the sync gate reacts: the time from Argo CD writing "Synced, Healthy" for the merged
// revision to the bot's watch passing the gate, on a real kube-apiserver (watch, no polling).
// Each round first writes the merged revision still Progressing and waits until the bot has
// judged it, so the figure is the watch's reaction, not its start-up. Target: ≤ 1 s.

export interface SyncGateFigures {
  /** Milliseconds from issuing the Healthy status write to the gate passing, per round. */
  reactionMs: number[];
}

export interface KubeconfigPaths {
  adminKubeconfig: string;
  botKubeconfig: string;
}

async function rounds(paths: KubeconfigPaths, count: number): Promise<SyncGateFigures> {
  const admin = loadKubeConfig(paths.adminKubeconfig);
  const bot = loadKubeConfig(paths.botKubeconfig);
  const reactionMs: number[] = [];
  for (let i = 0; i < count; i++) {
    const network = `gate-bench-${randomBytes(4).toString('hex')}`;
    const merged = randomBytes(20).toString('hex');
    const finishedAt = new Date();
    await createApplication(admin, network);
    await writeApplicationStatus(admin, network, syncedStatus(merged, 'Progressing', finishedAt));
    let judgedProgressing: () => void = () => {};
    const progressing = new Promise<void>((resolve) => (judgedProgressing = resolve));
    const watcher = new ApplicationWatcher(bot, {
      contains: async () => false,
      onEvent: (event) => {
        if (event.type === 'observed' && event.result.kind === 'waiting' && /Progressing/.test(event.result.reason)) judgedProgressing();
      },
    });
    const outcome = watcher.waitForDeployment(network, merged, { timeoutMs: 60_000 });
    await progressing;
    const start = performance.now();
    await writeApplicationStatus(admin, network, syncedStatus(merged, 'Healthy', finishedAt));
    const result = await outcome;
    reactionMs.push(performance.now() - start);
    if (result.kind !== 'deployed') throw new Error(`sync gate bench: expected the gate to pass, got ${JSON.stringify(result)}`);
  }
  return { reactionMs };
}

/** On a running API server (tests), or on one started for the purpose. */
export async function benchSyncGate(options: { rounds: number; peer?: KubeconfigPaths }): Promise<SyncGateFigures> {
  if (options.peer) return rounds(options.peer, options.rounds);
  const peer = await startKubeApiServer();
  try {
    return await rounds(peer, options.rounds);
  } finally {
    await peer.stop();
  }
}
