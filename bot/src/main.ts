// `npm start`: validate the environment (one clear line and exit 2 when it is wrong), then
// serve webhooks. No logic here.
import { readFileSync } from 'node:fs';
import { parseEnvironment } from './github/env.js';
import { startBotServer } from './github/server.js';

const parsed = parseEnvironment(process.env, (path) => readFileSync(path, 'utf8'));
if (!parsed.ok) {
  process.stderr.write(`substrate-gitops bot: ${parsed.problem}\n`);
  process.exit(2);
}
const { server } = await startBotServer(parsed.settings).catch((error: unknown) => {
  process.stderr.write(`substrate-gitops bot: cannot start: ${(error as Error).message}\n`);
  process.exit(1);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
