// Composition only: the post-merge run with its real collaborators. In a cluster everything
// lives in the API server (journal ConfigMaps, Lease); outside one the journal and the lease
// are files and the Application watch uses the operator's kubeconfig.
import type { KubeConfig } from '@kubernetes/client-node';
import { ApplicationWatcher } from '../cluster/applicationWatch.js';
import { FileLease } from '../cluster/fileLease.js';
import { KubeLease } from '../cluster/lease.js';
import type { LeaderLease } from '../cluster/leaseDecision.js';
import { keepLease, type LeaseKeeper } from '../cluster/leaseKeeper.js';
import { RpcNodeHealthCheck } from '../cluster/nodeHealth.js';
import { KubeSeedSource } from '../cluster/seeds.js';
import { ConfigMapJournal } from '../journal/configMapJournal.js';
import { FileJournal } from '../journal/fileJournal.js';
import { PolkadotChainExecutor } from './chainExecutor.js';
import { githubContains } from './contains.js';
import { gitNetworkSpecs } from './gitNetworkSpecs.js';
import { GitMergePlanner } from './gitPlanner.js';
import { GitHubReporter, type ReporterOctokit } from './githubReporter.js';
import { PostMerge } from './orchestrator.js';

export interface PostMergeWiring {
  kubeconfig: KubeConfig;
  /** `cluster`: ConfigMaps and a Lease in the bot's namespace; `{ dir }`: files in that folder. */
  state: 'cluster' | { dir: string };
  /** Pod name (or host name): the Lease holder identity. */
  identity: string;
  /** A local clone that has the pushed commits (fetched before `onPush`). */
  repoDir: string;
  octokit: ReporterOctokit;
  repo: { owner: string; repo: string };
  syncTimeoutMs?: number;
  minPeers?: number;
  log?: (line: string) => void;
}

export function wirePostMerge(w: PostMergeWiring): { postMerge: PostMerge; lease: LeaderLease } {
  const inCluster = w.state === 'cluster';
  const journal = inCluster ? new ConfigMapJournal(w.kubeconfig) : new FileJournal((w.state as { dir: string }).dir);
  const lease: LeaderLease = inCluster ? new KubeLease(w.kubeconfig, { identity: w.identity }) : new FileLease({ dir: (w.state as { dir: string }).dir, identity: w.identity });
  const specOf = gitNetworkSpecs(w.repoDir);
  const postMerge = new PostMerge({
    journal,
    planner: new GitMergePlanner(w.repoDir),
    waiter: new ApplicationWatcher(w.kubeconfig, { contains: githubContains(w.octokit, w.repo), ...(w.log ? { onEvent: (e) => w.log!(`argo: ${JSON.stringify(e)}`) } : {}) }),
    health: new RpcNodeHealthCheck({ minPeers: w.minPeers ?? 1 }),
    executor: new PolkadotChainExecutor({ specOf, seeds: new KubeSeedSource(w.kubeconfig) }),
    reporter: new GitHubReporter(w.octokit, w.repo),
    leader: lease,
    rpcOf: async (entry) => (await specOf(entry.plan.network, entry)).chain.rpc,
    ...(w.syncTimeoutMs ? { syncTimeoutMs: w.syncTimeoutMs } : {}),
    ...(w.log ? { log: w.log } : {}),
  });
  return { postMerge, lease };
}

/**
 * Hold the lease in the background; while leading, take up unfinished journal entries when
 * leadership is gained and every `rescanMs` after (entries a follower recorded from a webhook
 * it received). `resume` skips entries already queued, so repeating it is harmless.
 */
export function leadPostMerge(postMerge: PostMerge, lease: LeaderLease, options: { renewMs?: number; rescanMs?: number; log?: (line: string) => void } = {}): LeaseKeeper {
  const log = options.log ?? (() => {});
  const resume = () =>
    postMerge.resume().catch((error: unknown) => log(`resume failed: ${(error as Error).message}`));
  let rescan: NodeJS.Timeout | undefined;
  const keeper = keepLease(lease, {
    everyMs: options.renewMs ?? 5_000,
    onError: (error) => log(`lease: ${(error as Error).message}`),
    onChange: (leader) => {
      log(leader ? `${lease.identity} leads` : `${lease.identity} follows`);
      clearInterval(rescan);
      if (!leader) return;
      void resume();
      rescan = setInterval(() => void resume(), options.rescanMs ?? 60_000);
    },
  });
  return {
    isLeader: keeper.isLeader,
    stop: async () => {
      clearInterval(rescan);
      await keeper.stop();
    },
  };
}
