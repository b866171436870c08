// The pull-request path must not be able to reach a cluster or a chain: importing the app (and
// everything it imports) in a child process where the cluster and chain clients cannot be
// resolved must succeed.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../tools/cache.js';

const FORBIDDEN = ['@kubernetes/client-node', '@polkadot/api'];

const hook = `export async function resolve(specifier, context, next) {
  if (${JSON.stringify(FORBIDDEN)}.some((f) => specifier === f || specifier.startsWith(f + '/'))) throw new Error('forbidden on the pull-request path: ' + specifier);
  return next(specifier, context);
}`;

async function importWithoutClusterOrChain(module: string): Promise<{ exitCode: number; output: string }> {
  const script = [
    "import { register } from 'node:module';",
    `register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`,
    `const m = await import(${JSON.stringify(module)});`,
    "console.log('loaded', Object.keys(m).sort().join(','));",
  ].join('\n');
  const result = await execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT, reject: false, timeout: 60_000, all: true });
  return { exitCode: result.exitCode ?? -1, output: result.all ?? '' };
}

describe('the pull-request path stays offline', () => {
  it('loads the app and the entry point without the cluster or chain clients', async () => {
    // server.ts is everything main.ts runs; main.ts itself starts listening when imported.
    for (const module of ['./bot/src/github/app.ts', './bot/src/github/server.ts']) {
      const { exitCode, output } = await importWithoutClusterOrChain(module);
      expect(output).not.toContain('forbidden on the pull-request path');
      expect(exitCode, output).toBe(0);
      expect(output).toMatch(/^loaded /m);
    }
  });

  it('would notice if they were imported', async () => {
    const { exitCode, output } = await importWithoutClusterOrChain('@kubernetes/client-node');
    expect(exitCode).not.toBe(0);
    expect(output).toContain('forbidden on the pull-request path: @kubernetes/client-node');
  });
});
