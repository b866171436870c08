// Doing: run the app with Probot's webhook middleware on a plain HTTP server, plus the
// liveness/readiness endpoint the Deployment probes.
import { createServer, type Server } from 'node:http';
import { createNodeMiddleware, Probot } from 'probot';
import substrateGitopsApp from './app.js';
import type { BotSettings } from './env.js';
import { botOctokit } from './octokit.js';

export const HEALTH_PATH = '/healthz';

export async function startBotServer(settings: BotSettings): Promise<{ server: Server; probot: Probot }> {
  const probot = new Probot({
    appId: settings.appId,
    privateKey: settings.privateKey,
    secret: settings.webhookSecret,
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    Octokit: botOctokit(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    logLevel: settings.logLevel,
    logFormat: 'json',
  });
  const middleware = await createNodeMiddleware((app) => substrateGitopsApp(app), { probot, webhooksPath: settings.webhookPath });
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === HEALTH_PATH) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    void middleware(req, res, () => {
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  probot.log.info(`substrate-gitops bot listening on ${settings.host}:${settings.port}${settings.webhookPath}`);
  return { server, probot };
}
