import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { REPO_ROOT } from '../src/tools/cache.js';

// A synthetic fleet for benchmarks: N copies of the rococo-ten network (validators scaled to
// `validators`), on the real apps/ bases, with the real clusters/ folder (its AppProjects and
// ApplicationSet are what the Argo CD stage checks every network against), committed in a real
// git repository.

export interface GeneratedRepo {
  dir: string;
  git: (...args: string[]) => Promise<void>;
  dispose: () => Promise<void>;
}

const IDENTITY = { GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@localhost', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@localhost' };

export async function generateFleet(networks: number, validators = 20): Promise<GeneratedRepo> {
  const dir = await mkdtemp(join(tmpdir(), 'sg-bench-'));
  await cp(join(REPO_ROOT, 'apps'), join(dir, 'apps'), { recursive: true });
  await cp(join(REPO_ROOT, 'policies'), join(dir, 'policies'), { recursive: true });
  await cp(join(REPO_ROOT, 'clusters'), join(dir, 'clusters'), { recursive: true });
  await mkdir(join(dir, 'networks'));
  await cp(join(REPO_ROOT, 'networks/network.schema.json'), join(dir, 'networks/network.schema.json'));
  const template = join(REPO_ROOT, 'networks/rococo-ten');
  for (let i = 0; i < networks; i++) {
    const name = `fleet-${String(i).padStart(2, '0')}`;
    const target = join(dir, 'networks', name);
    await cp(template, target, { recursive: true });
    for (const file of ['kustomization.yaml', 'network.yaml', 'p2p-services.yaml', 'validator/kustomization.yaml', 'bootnode/kustomization.yaml', 'rpc/kustomization.yaml']) {
      const path = join(target, file);
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch {
        continue;
      }
      text = text.replaceAll('rococo-ten', name);
      if (file === 'validator/kustomization.yaml') text = text.replace(/count: \d+/, `count: ${validators}`);
      if (file === 'network.yaml') text = text.replace(/max: \d+/, `max: ${validators + 10}`);
      await writeFile(path, text);
    }
  }
  const git = async (...args: string[]) => {
    await execa('git', args, { cwd: dir, env: IDENTITY });
  };
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-qm', 'fleet');
  return { dir, git, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** Touch one network: one more validator. */
export async function scaleOneNetwork(dir: string, network = 'fleet-00', validators = 21): Promise<void> {
  const path = join(dir, 'networks', network, 'validator/kustomization.yaml');
  await writeFile(path, (await readFile(path, 'utf8')).replace(/count: \d+/, `count: ${validators}`));
}
