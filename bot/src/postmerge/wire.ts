// Composition only: the post-merge run with its real collaborators. In a cluster everything
// lives in the API server (journal ConfigMaps, Lease); outside one the journal and the lease
// are files and the Application watch uses the operator's kubeconfig. Merged trees and
// network.yaml come from GitHub (the bot: no clone in its pod) or from a local clone.
import type { ApiPromise } from '@polkadot/api';
import type { KubeConfig } from '@kubernetes/client-node';
import { ApplicationWatcher } from '../cluster/applicationWatch.js';
import { FileLease } from '../cluster/fileLease.js';
import { KubeLease } from '../cluster/lease.js';
import type { LeaderLease } from '../cluster/leaseDecision.js';
import { keepLease, type LeaseKeeper } from '../cluster/leaseKeeper.js';
import { RpcNodeHealthCheck } from '../cluster/nodeHealth.js';
import { KubeSeedSource } from '../cluster/seeds.js';
import type { GitHubClient } from '../github/client.js';
import { ConfigMapJournal } from '../journal/configMapJournal.js';
import { FileJournal } from '../journal/fileJournal.js';
import type { JournalEntry } from '../journal/types.js';
import type { NetworkSpec } from '../model/networkFile.js';
import { ArchiveMergePlanner } from './archivePlanner.js';
import { PolkadotChainExecutor } from './chainExecutor.js';
import { githubContains } from './contains.js';
import { gitNetworkSpecs } from './gitNetworkSpecs.js';
import { GitMergePlanner } from './gitPlanner.js';
import { githubNetworkSpecs } from './githubNetworkSpecs.js';
import { GitHubReporter, type ReporterOctokit } from './githubReporter.js';
import { PostMerge } from './orchestrator.js';
import type { MergePlanner } from './types.js';

/** Where the merged trees (for the plan) and network.yaml at a commit (for the executor) come from. */
export interface RepositorySource {
  planner: MergePlanner;
  specOf(network: string, entry: JournalEntry): Promise<NetworkSpec>;
}

/** The bot's source: GitHub archives and the contents API, with the installation's token. */
export function githubSource(github: GitHubClient, repo: { owner: string; repo: string }, options: { workRoot?: string; warn?: (m: string) => void } = {}): RepositorySource {
  return { planner: new ArchiveMergePlanner({ github, repo, ...options }), specOf: githubNetworkSpecs(github, repo) };
}

/** A local clone that has the pushed commits (fetched before `onPush`). */
export function gitSource(repoDir: string): RepositorySource {
  return { planner: new GitMergePlanner(repoDir), specOf: gitNetworkSpecs(repoDir) };
}

export interface PostMergeWiring {
  kubeconfig: KubeConfig;
  /** `cluster`: ConfigMaps and a Lease in the bot's namespace; `{ dir }`: files in that folder. */
  state: 'cluster' | { dir: string };
  /** Pod name (or host name): the Lease holder identity. */
  identity: string;
  source: RepositorySource;
  octokit: ReporterOctokit;
  repo: { owner: string; repo: string };
  syncTimeoutMs?: number;
  minPeers?: number;
  /** Chains that build blocks only when asked (the sandbox, tests). */
  produceBlock?: (api: ApiPromise) => Promise<void>;
  log?: (line: string) => void;
}

export function wirePostMerge(w: PostMergeWiring): { postMerge: PostMerge; lease: LeaderLease } {
  const inCluster = w.state === 'cluster';
  const journal = inCluster ? new ConfigMapJournal(w.kubeconfig) : new FileJournal((w.state as { dir: string }).dir);
  const lease: LeaderLease = inCluster ? new KubeLease(w.kubeconfig, { identity: w.identity }) : new FileLease({ dir: (w.state as { dir: string }).dir, identity: w.identity });
  const { specOf, planner } = w.source;
  const postMerge = new PostMerge({
    journal,
    planner,
    waiter: new ApplicationWatcher(w.kubeconfig, { contains: githubContains(w.octokit, w.repo), ...(w.log ? { onEvent: (e) => w.log!(`argo: ${JSON.stringify(e)}`) } : {}) }),
    health: new RpcNodeHealthCheck({ minPeers: w.minPeers ?? 1 }),
    executor: new PolkadotChainExecutor({ specOf, seeds: new KubeSeedSource(w.kubeconfig), ...(w.produceBlock ? { produceBlock: w.produceBlock } : {}) }),
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
