// Test helper (tests and the sandbox replay): the bot started in this process from its own
// environment variables, with post-merge on, against the local GitHub stand-in and a
// kube-apiserver, on a chain that builds blocks only when asked.
import { readFileSync } from 'node:fs';
import type { ApiPromise } from '@polkadot/api';
import type { Logger } from 'pino';
import { parseEnvironment } from '../src/github/env.js';
import { startBotServer, type BotServer } from '../src/github/server.js';
import { freePort } from './freePort.js';

export interface PostMergeBotOptions {
  /** The stand-in's API URL and the App it plays. */
  apiUrl: string;
  appId: number;
  privateKey: string;
  webhookSecret: string;
  /** `owner/repo` of the GitOps repository. */
  repository: string;
  /** Kubeconfig of the bot's ServiceAccount. */
  kubeconfig: string;
  syncTimeoutSeconds: number;
  podName: string;
  log: Logger;
  produceBlock: (api: ApiPromise) => Promise<void>;
}

export async function startPostMergeBot(o: PostMergeBotOptions): Promise<{ bot: BotServer; webhookUrl: string }> {
  const port = await freePort();
  const parsed = parseEnvironment(
    {
      APP_ID: String(o.appId),
      PRIVATE_KEY: o.privateKey,
      WEBHOOK_SECRET: o.webhookSecret,
      GHE_HOST: new URL(o.apiUrl).host,
      GHE_PROTOCOL: 'http',
      HOST: '127.0.0.1',
      PORT: String(port),
      POST_MERGE: 'on',
      POST_MERGE_REPOSITORY: o.repository,
      POST_MERGE_KUBECONFIG: o.kubeconfig,
      POST_MERGE_SYNC_TIMEOUT_SECONDS: String(o.syncTimeoutSeconds),
      POD_NAME: o.podName,
    },
    (path) => readFileSync(path, 'utf8'),
  );
  if (!parsed.ok) throw new Error(parsed.problem);
  const bot = await startBotServer(parsed.settings, { log: o.log, postMerge: { produceBlock: o.produceBlock, renewMs: 1_000 } });
  return { bot, webhookUrl: `http://127.0.0.1:${port}/api/github/webhooks` };
}
