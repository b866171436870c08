import { access, constants, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './cache.js';
import { toolPin } from './install.js';

// Runs ensureTool in separate processes against a fresh cache, as `npm run check`
// and the bot would: the real `go install`, the real file system race.
const installModule = join(REPO_ROOT, 'bot/src/tools/install.ts');

async function runEnsure(cache: string, tool: string, env: Record<string, string> = {}) {
  return execa(process.execPath, ['--import', 'tsx', join(scriptDir, 'ensure.mts'), tool], {
    cwd: REPO_ROOT,
    env: { SUBSTRATE_GITOPS_CACHE: cache, ...env },
    reject: false,
    timeout: 600_000,
  });
}

let scriptDir: string;
let cache: string;

beforeAll(async () => {
  scriptDir = await mkdtemp(join(tmpdir(), 'sg-install-script-'));
  cache = await mkdtemp(join(tmpdir(), 'sg-install-cache-'));
  await writeFile(
    join(scriptDir, 'ensure.mts'),
    [
      `import { ensureTool } from ${JSON.stringify(installModule)};`,
      `try { console.log(await ensureTool(process.argv[2])); }`,
      `catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message, fix: e.fix })); process.exitCode = 3; }`,
    ].join('\n'),
  );
});

afterAll(async () => {
  await rm(scriptDir, { recursive: true, force: true });
  await rm(cache, { recursive: true, force: true });
});

describe('ensureTool', () => {
  it('stamps the binary with the pinned version', () => {
    expect(toolPin('conftest')).toMatchObject({ builtName: 'conftest', stampedName: expect.stringMatching(/^conftest-v\d+\.\d+\.\d+$/) });
    expect(toolPin('kubeconform')).toMatchObject({ builtName: 'kubeconform', stampedName: expect.stringMatching(/^kubeconform-v\d+\.\d+\.\d+$/) });
  });

  it('gives two racing processes the same working binary at the stamped path', async () => {
    const [a, b] = await Promise.all([runEnsure(cache, 'kubeconform'), runEnsure(cache, 'kubeconform')]);
    expect([a.exitCode, b.exitCode], `${a.stderr}\n${b.stderr}`).toEqual([0, 0]);
    const path = a.stdout.trim();
    expect(b.stdout.trim()).toBe(path);
    expect(path).toBe(join(cache, 'tools', 'bin', toolPin('kubeconform').stampedName));
    await access(path, constants.X_OK);
    const version = await execa(path, ['-v'], { timeout: 20_000 });
    expect(version.exitCode).toBe(0);
  }, 600_000);

  it('says how to fix a missing Go', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'sg-no-go-cache-'));
    try {
      // Only node's own folder on PATH: no `go`.
      const result = await runEnsure(empty, 'conftest', { PATH: dirname(process.execPath) });
      expect(result.exitCode).toBe(3);
      const error = JSON.parse(result.stdout.trim()) as { name: string; fix: string };
      expect(error.name).toBe('EnvironmentError');
      expect(error.fix).toMatch(/npm run setup/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
