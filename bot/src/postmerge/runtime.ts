// The post-merge run inside the bot process (POST_MERGE=on): the cluster client, the
// installation's GitHub client for the GitOps repository, the wiring, the lease keeper that
// resumes unfinished entries while leading, and the push handler to register on the app.
// Loaded only when enabled (server.ts imports it dynamically): the pull-request path stays
// free of the cluster and chain clients.
import { KubeConfig } from '@kubernetes/client-node';
import type { ApiPromise } from '@polkadot/api';
import type { Probot } from 'probot';
import { EnvironmentError } from '../errors.js';
import type { GitHubClient } from '../github/client.js';
import type { PostMergeSettings } from '../github/env.js';
import type { ReporterOctokit } from './githubReporter.js';
import { registerPushHandler } from './pushHandler.js';
import { githubSource, leadPostMerge, wirePostMerge } from './wire.js';

export interface PostMergeRuntime {
  register(app: Probot): void;
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  /** Chains that build blocks only when asked (the sandbox, tests); never from the environment. */
  produceBlock?: (api: ApiPromise) => Promise<void>;
  /** Lease renewal period (default 5 s). */
  renewMs?: number;
  workRoot?: string;
}

function kubeConfigFor(settings: PostMergeSettings): KubeConfig {
  const kc = new KubeConfig();
  if (settings.kubeconfig) kc.loadFromFile(settings.kubeconfig);
  else kc.loadFromCluster();
  return kc;
}

/** The installation's client for the repository: tokens are renewed by Probot as they expire. */
async function installationClient(probot: Probot, repo: { owner: string; repo: string }): Promise<GitHubClient> {
  const appClient = await probot.auth();
  let installationId: number;
  try {
    installationId = (await appClient.rest.apps.getRepoInstallation(repo)).data.id;
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 404) throw new EnvironmentError(`the GitHub App is not installed on ${repo.owner}/${repo.repo}`, 'install it on that repository, or correct POST_MERGE_REPOSITORY');
    throw new EnvironmentError(`cannot find the App's installation on ${repo.owner}/${repo.repo}: ${(error as Error).message}`, 'check that GitHub is reachable and APP_ID / the private key belong to this App');
  }
  return (await probot.auth(installationId)) as unknown as GitHubClient;
}

export async function startPostMerge(probot: Probot, settings: PostMergeSettings, options: RuntimeOptions = {}): Promise<PostMergeRuntime> {
  const log = (line: string) => probot.log.info(`post-merge: ${line}`);
  const kubeconfig = kubeConfigFor(settings);
  const github = await installationClient(probot, settings.repository);
  const { postMerge, lease } = wirePostMerge({
    kubeconfig,
    state: settings.stateDir ? { dir: settings.stateDir } : 'cluster',
    identity: settings.identity,
    source: githubSource(github, settings.repository, { ...(options.workRoot ? { workRoot: options.workRoot } : {}), warn: (m) => probot.log.warn(`post-merge: ${m}`) }),
    octokit: github as unknown as ReporterOctokit,
    repo: settings.repository,
    syncTimeoutMs: settings.syncTimeoutMs,
    ...(options.produceBlock ? { produceBlock: options.produceBlock } : {}),
    log,
  });
  const keeper = leadPostMerge(postMerge, lease, { log, ...(options.renewMs ? { renewMs: options.renewMs } : {}) });
  const repository = `${settings.repository.owner}/${settings.repository.repo}`;
  log(`enabled for ${repository} (journal: ${settings.stateDir ?? 'ConfigMaps in the cluster'}, Argo CD sync timeout ${settings.syncTimeoutMs / 1000} s)`);
  return {
    register: (app) => registerPushHandler(app, postMerge, { repository }),
    stop: () => keeper.stop(),
  };
}
