// Probot's standard environment and the post-merge switches, validated once at start (pure: an
// env object in, settings or one problem out). Messages never repeat a secret's value.
import { createPrivateKey } from 'node:crypto';

export interface BotSettings {
  appId: number;
  privateKey: string;
  webhookSecret: string;
  /** GitHub API base: api.github.com, or `<GHE_PROTOCOL>://<GHE_HOST>/api/v3`. */
  baseUrl?: string;
  port: number;
  host: string;
  webhookPath: string;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  /** Present when POST_MERGE=on: the bot applies merged changes on chain. */
  postMerge?: PostMergeSettings;
}

export interface PostMergeSettings {
  /** The GitOps repository whose merges are applied (POST_MERGE_REPOSITORY, owner/name). */
  repository: { owner: string; repo: string };
  /** A kubeconfig file; absent: the pod's ServiceAccount (in-cluster). */
  kubeconfig?: string;
  /** Journal and leader lease as files in this folder; absent: ConfigMaps and a Lease in the cluster. */
  stateDir?: string;
  /** How long Argo CD gets to deploy a merge before the run is reported as failed. */
  syncTimeoutMs: number;
  /** The Lease holder identity: the pod name. */
  identity: string;
}

export type SettingsResult = { ok: true; settings: BotSettings } | { ok: false; problem: string };

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

/** `readFile` is passed in so the function stays pure for tests of every branch. */
export function parseEnvironment(env: Record<string, string | undefined>, readFile: (path: string) => string): SettingsResult {
  const fail = (problem: string): SettingsResult => ({ ok: false, problem });
  const appId = env.APP_ID?.trim();
  if (!appId) return fail('APP_ID is not set: give the numeric id of the GitHub App (its settings page shows it)');
  if (!/^[1-9]\d{0,11}$/.test(appId)) return fail('APP_ID must be the numeric id of the GitHub App, e.g. 123456');

  let privateKey = env.PRIVATE_KEY;
  if (!privateKey && env.PRIVATE_KEY_PATH) {
    try {
      privateKey = readFile(env.PRIVATE_KEY_PATH);
    } catch (error) {
      return fail(`PRIVATE_KEY_PATH ${env.PRIVATE_KEY_PATH} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): mount the app's private key file there`);
    }
  }
  if (!privateKey) return fail("neither PRIVATE_KEY nor PRIVATE_KEY_PATH is set: give the GitHub App's private key (PEM) or the path of its file");
  // Secrets stores often flatten newlines to "\n".
  privateKey = privateKey.includes('\\n') && !privateKey.includes('\n') ? privateKey.replaceAll('\\n', '\n') : privateKey;
  try {
    createPrivateKey(privateKey);
  } catch {
    return fail(`${env.PRIVATE_KEY ? 'PRIVATE_KEY' : `the file at PRIVATE_KEY_PATH`} is not a PEM private key: download a new one from the GitHub App's settings`);
  }

  const webhookSecret = env.WEBHOOK_SECRET;
  if (!webhookSecret) return fail("WEBHOOK_SECRET is not set: give the webhook secret configured in the GitHub App's settings (webhooks without it are refused)");

  let baseUrl: string | undefined;
  if (env.GHE_HOST) {
    const protocol = env.GHE_PROTOCOL ?? 'https';
    if (protocol !== 'https' && protocol !== 'http') return fail(`GHE_PROTOCOL must be https or http, not "${protocol}"`);
    if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(env.GHE_HOST)) return fail(`GHE_HOST must be a host name with an optional port, e.g. github.example.com or 127.0.0.1:8080, not "${env.GHE_HOST}"`);
    baseUrl = `${protocol}://${env.GHE_HOST}/api/v3`;
  } else if (env.GHE_PROTOCOL) {
    return fail('GHE_PROTOCOL is set but GHE_HOST is not: set both for GitHub Enterprise, or neither for github.com');
  }

  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return fail(`PORT must be a number from 1 to 65535, not "${env.PORT}"`);
  const logLevel = (env.LOG_LEVEL ?? 'info') as BotSettings['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) return fail(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${env.LOG_LEVEL}"`);
  const webhookPath = env.WEBHOOK_PATH ?? '/api/github/webhooks';
  if (!webhookPath.startsWith('/')) return fail(`WEBHOOK_PATH must start with "/", not "${webhookPath}"`);

  const postMerge = parsePostMerge(env, readFile);
  if (typeof postMerge === 'string') return fail(postMerge);

  return {
    ok: true,
    settings: { appId: Number(appId), privateKey, webhookSecret, ...(baseUrl ? { baseUrl } : {}), port, host: env.HOST ?? '0.0.0.0', webhookPath, logLevel, ...(postMerge ? { postMerge } : {}) },
  };
}

const POST_MERGE_VARIABLES = ['POST_MERGE_REPOSITORY', 'POST_MERGE_KUBECONFIG', 'POST_MERGE_STATE_DIR', 'POST_MERGE_SYNC_TIMEOUT_SECONDS'] as const;

/** The post-merge settings, undefined when it is off, or the one problem. */
function parsePostMerge(env: Record<string, string | undefined>, readFile: (path: string) => string): PostMergeSettings | undefined | string {
  const switch_ = (env.POST_MERGE ?? '').trim().toLowerCase();
  if (switch_ !== '' && switch_ !== 'on' && switch_ !== 'off') return `POST_MERGE must be on or off, not "${env.POST_MERGE}"`;
  if (switch_ !== 'on') {
    // A half-configured post-merge run that silently never starts is worse than a refusal.
    const stray = POST_MERGE_VARIABLES.find((name) => env[name]);
    return stray ? `${stray} is set but POST_MERGE is not on: set POST_MERGE=on to apply merges on chain, or remove ${stray}` : undefined;
  }
  const full = env.POST_MERGE_REPOSITORY?.trim();
  if (!full) return 'POST_MERGE is on but POST_MERGE_REPOSITORY is not set: give the GitOps repository whose merges are applied, as owner/name';
  const match = /^([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})$/.exec(full);
  if (!match) return `POST_MERGE_REPOSITORY must be owner/name, e.g. paritytech/substrate-gitops, not "${full}"`;

  const kubeconfig = env.POST_MERGE_KUBECONFIG?.trim() || undefined;
  if (kubeconfig) {
    try {
      readFile(kubeconfig);
    } catch (error) {
      return `POST_MERGE_KUBECONFIG ${kubeconfig} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): give the path of a kubeconfig for the cluster Argo CD deploys to`;
    }
  } else if (!env.KUBERNETES_SERVICE_HOST) {
    return 'POST_MERGE is on but the bot runs outside a cluster (KUBERNETES_SERVICE_HOST is not set) and POST_MERGE_KUBECONFIG is not set: give the path of a kubeconfig';
  }

  const stateDir = env.POST_MERGE_STATE_DIR?.trim() || undefined;
  if (stateDir && !stateDir.startsWith('/')) return `POST_MERGE_STATE_DIR must be an absolute path, not "${stateDir}"`;

  const timeoutText = env.POST_MERGE_SYNC_TIMEOUT_SECONDS?.trim() || '1800';
  const timeout = Number(timeoutText);
  if (!/^\d+$/.test(timeoutText) || timeout < 10 || timeout > 86_400) return `POST_MERGE_SYNC_TIMEOUT_SECONDS must be a whole number of seconds from 10 to 86400, not "${timeoutText}"`;

  const identity = env.POD_NAME?.trim() || env.HOSTNAME?.trim() || 'substrate-gitops-bot';
  return { repository: { owner: match[1]!, repo: match[2]! }, ...(kubeconfig ? { kubeconfig } : {}), ...(stateDir ? { stateDir } : {}), syncTimeoutMs: timeout * 1000, identity };
}
