// `npm run setup`: install everything the checks and tests need, pinned and cached in .cache/.
// Idempotent: a warm cache makes it a few seconds. Exit 2 with one line when a prerequisite is missing.
import { EnvironmentError, ToolError } from '../bot/src/errors.js';
import { setupCheckTools } from '../bot/src/tools/setup.js';
import { ensureKubeBinaries } from '../bot/src/peers/kube/build.js';
import { ensureKubeCerts } from '../bot/src/peers/kube/certs.js';
import { relaySpecFile, parachainSpecFile } from '../bot/src/peers/chain/index.js';

async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await work();
  console.log(`setup: ${name} ready (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return value;
}

async function main(): Promise<void> {
  const peersOnly = process.argv.includes('--peers-only');
  const checksOnly = process.argv.includes('--checks-only');
  if (!peersOnly) await step('kubeconform, conftest, JSON schemas and kind scopes', () => setupCheckTools());
  if (checksOnly) return;
  await step('chain specs (Paseo relay, Rococo Asset Hub)', async () => {
    await relaySpecFile();
    await parachainSpecFile();
  });
  await step('kube-apiserver and etcd', async () => {
    await ensureKubeBinaries({ log: (line) => console.log(`setup:   ${line}`) });
    await ensureKubeCerts();
  });
}

main().catch((error: unknown) => {
  if (error instanceof EnvironmentError) console.error(`setup: ${error.message}${error.fix ? ` — ${error.fix}` : ''}`);
  else if (error instanceof ToolError) console.error(`setup: ${error.message}`);
  else console.error(`setup: ${(error as Error)?.stack ?? String(error)}`);
  process.exitCode = 2;
});
