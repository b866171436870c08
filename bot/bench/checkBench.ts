import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChecks } from '../src/pipeline/runChecks.js';
import { checkRepository } from '../src/pipeline/checkRepository.js';
import { buildFolders, cleanupBuild } from '../src/render/kustomize.js';
import { listRenderableFolders } from '../src/repo/tree.js';
import { ensureTool } from '../src/tools/install.js';
import { runTool } from '../src/tools/run.js';
import { PINNED } from '../src/tools/versions.js';
import { ensureSchemas } from '../src/checks/schema/generate.js';
import { schemaLocation } from '../src/checks/schema/layout.js';
import { POLICY_DIR } from '../src/checks/policy/conftest.js';
import { generateFleet, scaleOneNetwork } from './generateRepo.js';

// Check-pipeline benchmark: full check, one-network change, and the raw external tools on
// the same input, all measured in the same run.

export interface CheckFigures {
  networks: number;
  resources: number;
  fullMs: number;
  changeMs: number;
  rawFullMs: number;
  rawChangeMs: number;
}

async function time<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await work();
  return [value, performance.now() - start];
}

/** The external tools alone: one kustomize build, one kubeconform, one conftest over the same folders. */
async function rawTools(root: string, sources: string[]): Promise<number> {
  const [kubeconform, conftest, schemaDir] = await Promise.all([ensureTool('kubeconform'), ensureTool('conftest'), ensureSchemas()]);
  const work = await mkdtemp(join(tmpdir(), 'sg-raw-'));
  try {
    const start = performance.now();
    const build = await buildFolders(root, sources);
    await cleanupBuild(build);
    const file = join(work, 'all.yaml');
    await writeFile(file, build.output);
    await Promise.all([
      runTool('kubeconform', kubeconform, ['-strict', '-summary=false', '-output', 'json', '-schema-location', schemaLocation(schemaDir), '-kubernetes-version', PINNED.kubernetes.version.slice(1), file], { okExitCodes: [0, 1] }),
      runTool('conftest', conftest, ['test', '--policy', POLICY_DIR, '--namespace', 'manifests.*', '--output', 'json', file], { okExitCodes: [0, 1, 2] }),
    ]);
    return performance.now() - start;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export async function benchCheck(networks: number, rounds = 3): Promise<CheckFigures> {
  const repo = await generateFleet(networks);
  try {
    const folders = (await listRenderableFolders(repo.dir)).map((f) => f.source);
    // Warm-up: tools installed, schemas generated, caches hot.
    const first = await runChecks({ headDir: repo.dir });
    const best = async (work: () => Promise<unknown>) => {
      let min = Infinity;
      for (let i = 0; i < rounds; i++) min = Math.min(min, (await time(work))[1]);
      return min;
    };
    const fullMs = await best(() => runChecks({ headDir: repo.dir }));
    const rawFullMs = await best(() => rawTools(repo.dir, folders));
    await scaleOneNetwork(repo.dir);
    const changeMs = await best(() => checkRepository({ cwd: repo.dir, base: 'HEAD' }));
    // The one-network change renders the folder at head and at base.
    const rawChangeMs = await best(async () => (await rawTools(repo.dir, ['networks/fleet-00'])) * 2);
    return { networks, resources: first.networks.reduce((n, x) => n + x.resources, 0), fullMs, changeMs, rawFullMs, rawChangeMs };
  } finally {
    await repo.dispose();
  }
}
