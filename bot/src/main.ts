// `npm start`: validate the environment (one clear line and exit 2 when it is wrong), then
// serve webhooks (and, with POST_MERGE=on, apply merges on chain). No logic here.
import { readFileSync } from 'node:fs';
import { EnvironmentError } from './errors.js';
import { parseEnvironment } from './github/env.js';
import { startBotServer } from './github/server.js';

const parsed = parseEnvironment(process.env, (path) => readFileSync(path, 'utf8'));
if (!parsed.ok) {
  process.stderr.write(`substrate-gitops bot: ${parsed.problem}\n`);
  process.exit(2);
}
const bot = await startBotServer(parsed.settings).catch((error: unknown) => {
  const fix = error instanceof EnvironmentError && error.fix ? ` — ${error.fix}` : '';
  process.stderr.write(`substrate-gitops bot: cannot start: ${(error as Error).message}${fix}\n`);
  process.exit(1);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void bot.close().finally(() => process.exit(0)));
}
