// Image build step (bot/Dockerfile): run the pipeline once over this repository's networks,
// apps and clusters so the pinned tools and generated schemas land in the cache the bot reads
// at run time (its root file system is read-only). Findings do not matter here; a tool that
// cannot be installed or a schema that cannot be generated fails the build.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChecks } from '../pipeline/runChecks.js';
import { REPO_ROOT } from '../tools/cache.js';

const dir = await mkdtemp(join(tmpdir(), 'sg-warm-'));
try {
  for (const top of ['networks', 'apps', 'clusters']) await cp(join(REPO_ROOT, top), join(dir, top), { recursive: true });
  const result = await runChecks({ headDir: dir, keyScanFiles: async () => [] });
  process.stdout.write(`cache warmed: ${result.folders.length} folders rendered and checked (${Object.entries(result.timings).map(([k, v]) => `${k} ${v} ms`).join(', ')})\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
