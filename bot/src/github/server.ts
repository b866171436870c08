// Doing: run the app with Probot's webhook middleware on a plain HTTP server, plus the
// liveness/readiness endpoint the Deployment probes. With POST_MERGE=on the post-merge run is
// loaded (dynamically: with it off, the process never loads the cluster or chain clients)
// and its push handler registered beside the pull-request handlers.
import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import { createNodeMiddleware, Probot } from 'probot';
import type { PostMergeRuntime, RuntimeOptions } from '../postmerge/runtime.js';
import substrateGitopsApp from './app.js';
import type { BotSettings } from './env.js';
import { botOctokit } from './octokit.js';

export const HEALTH_PATH = '/healthz';

export interface BotServerOptions {
  /** A logger instead of JSON lines on stdout (tests and the sandbox keep the lines). */
  log?: Logger;
  postMerge?: RuntimeOptions;
}

export interface BotServer {
  server: Server;
  probot: Probot;
  /** Stop the post-merge lease keeper, then the HTTP server. */
  close(): Promise<void>;
}

export async function startBotServer(settings: BotSettings, options: BotServerOptions = {}): Promise<BotServer> {
  const probot = new Probot({
    appId: settings.appId,
    privateKey: settings.privateKey,
    secret: settings.webhookSecret,
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    Octokit: botOctokit(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    ...(options.log ? { log: options.log } : { logLevel: settings.logLevel, logFormat: 'json' as const }),
  });
  let postMerge: PostMergeRuntime | undefined;
  if (settings.postMerge) {
    const { startPostMerge } = await import('../postmerge/runtime.js');
    postMerge = await startPostMerge(probot, settings.postMerge, options.postMerge);
  }
  const middleware = await createNodeMiddleware(
    (app) => {
      substrateGitopsApp(app);
      postMerge?.register(app);
    },
    { probot, webhooksPath: settings.webhookPath },
  );
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === HEALTH_PATH) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    void middleware(req, res, () => {
      res.writeHead(404).end();
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(settings.port, settings.host, () => resolve());
    });
  } catch (error) {
    await postMerge?.stop();
    throw error;
  }
  probot.log.info(`substrate-gitops bot listening on ${settings.host}:${settings.port}${settings.webhookPath}`);
  return {
    server,
    probot,
    close: async () => {
      await postMerge?.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
