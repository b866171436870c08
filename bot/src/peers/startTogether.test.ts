// The start-up orchestration of the sandbox and the integration set-up, with small peer
// processes of its own: one that fails while loading, one still building (through runTool,
// as the API server's build runs), one already up. None may outlive the failed start.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ToolError } from '../errors.js';
import { runTool } from '../tools/run.js';
import { startTogether, type PeerStart } from './startTogether.js';

let dir: string;
const pids: number[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-start-'));
});
afterEach(async () => {
  for (const pid of pids.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!check()) throw new Error(`${what} did not happen`);
}

/** A node script that writes its process id to `name.pid` first. */
const script = (name: string, body: string) => `require('node:fs').writeFileSync(${JSON.stringify(join(dir, `${name}.pid`))}, String(process.pid)); ${body}`;
const pidOf = async (name: string) => Number(await readFile(join(dir, `${name}.pid`), 'utf8'));

type Fake = { name: string; stop(): Promise<void> };

/** Fails, once `sibling` is running, after printing what a chain prints when its runtime cannot load. */
const failing = (name: string, sibling: string): PeerStart<Fake> => ({
  name,
  start: async (signal) => {
    const siblingPid = JSON.stringify(join(dir, `${sibling}.pid`));
    const body = `console.error("loading runtime"); const t = setInterval(() => { if (!require('node:fs').existsSync(${siblingPid})) return; clearInterval(t); console.error("error: the genesis has no runtime code"); process.exit(1); }, 50)`;
    await runTool(name, process.execPath, ['-e', script(name, body)], { idleTimeoutMs: 60_000, signal });
    return { name, stop: async () => {} };
  },
});

/** Still compiling, printing as it goes, until told to stop. */
const building = (name: string): PeerStart<Fake> => ({
  name,
  start: async (signal) => {
    await runTool('go', process.execPath, ['-e', script(name, 'setInterval(() => console.log("compiling k8s.io/apiserver/..."), 100)')], { idleTimeoutMs: 60_000, signal });
    return { name, stop: async () => {} };
  },
});

/** Up within a moment; stop() ends its process. */
const quick = (name: string): PeerStart<Fake> => ({
  name,
  start: async () => {
    const child = spawn(process.execPath, ['-e', script(name, 'console.log("ready"); setInterval(() => {}, 1000)')], { stdio: ['ignore', 'pipe', 'ignore'] });
    pids.push(child.pid!);
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return {
      name,
      stop: async () => {
        child.kill('SIGTERM');
        await exited;
      },
    };
  },
});

describe('startTogether', () => {
  it('returns every peer when all start', async () => {
    const [a, b] = await startTogether([quick('relay chain'), quick('parachain')]);
    expect([a.name, b.name]).toEqual(['relay chain', 'parachain']);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('when one peer fails, stops the one still building and the one already up, and reports the failure with its log tail', async () => {
    const lines: string[] = [];
    // The relay fails while the API server is still being built.
    const started = startTogether([failing('relay chain', 'kube-apiserver'), quick('parachain'), building('kube-apiserver')], { log: (l) => lines.push(l) });
    const error = await started.catch((e: unknown) => e);
    for (const name of ['relay chain', 'parachain', 'kube-apiserver']) pids.push(await pidOf(name));
    expect(error).toBeInstanceOf(ToolError);
    expect((error as ToolError).stderrTail).toContain('error: the genesis has no runtime code');
    // Nothing of the failed start is left running, the build included.
    for (const name of ['parachain', 'kube-apiserver']) {
      const pid = await pidOf(name);
      await eventually(() => !alive(pid), `${name} (process ${pid}) to be stopped`);
    }
    expect(lines).toEqual(['stopped while still starting: kube-apiserver', 'stopped after it had started: parachain']);
  });

  it('stops every start when the caller aborts (Ctrl-C while starting)', async () => {
    const controller = new AbortController();
    const started = startTogether([building('kube-apiserver'), building('relay chain')], { signal: controller.signal });
    await eventually(() => ['kube-apiserver', 'relay chain'].every((n) => existsSync(join(dir, `${n}.pid`))), 'both builds to run');
    controller.abort(new Error('interrupted'));
    await expect(started).rejects.toThrow(/interrupted/);
    for (const name of ['kube-apiserver', 'relay chain']) {
      const pid = await pidOf(name);
      pids.push(pid);
      await eventually(() => !alive(pid), `${name} (process ${pid}) to be stopped`);
    }
  });
});
