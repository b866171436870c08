import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, readFile } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import { ToolError } from '../errors.js';

// Runs kustomize so that, even if the walk before it missed something, it cannot reach the
// network, start a program or hold the machine:
// - no network: a new network namespace (`unshare -rn`, or `unshare -n` as root) when the
//   platform allows it, detected once per process; otherwise HTTP(S) proxies pointing at a
//   closed port (Go's HTTP client then fails every non-loopback request at once);
// - no programs: PATH is an empty folder, so kustomize finds no git, helm or plugin;
// - nothing of ours: a fresh empty HOME / XDG / plugin home and no inherited environment;
// - bounded: a time limit, an output cap (stop reading, kill), resident memory polled from
//   /proc every 50 ms and the process killed past the cap, an address-space limit as a
//   backstop (Go reserves ~1.3 GB of address space at start, so that one is loose). No
//   GOMEMLIMIT: near its limit Go collects garbage without end and a hostile render crawls
//   to the time limit (23 s) instead of being stopped at the memory cap at once.

export interface KustomizeLimits {
  timeoutMs: number;
  maxOutputBytes: number;
  maxRssBytes: number;
  maxAddressSpaceBytes: number;
}

const MiB = 1024 * 1024;
export const KUSTOMIZE_LIMITS: KustomizeLimits = { timeoutMs: 20_000, maxOutputBytes: 64 * MiB, maxRssBytes: 512 * MiB, maxAddressSpaceBytes: 4096 * MiB };

/** kustomize processes at once in this process: the memory cap times this is what renders can take. */
export const MAX_PARALLEL_KUSTOMIZE = 2;

const RSS_POLL_MS = 50;
const size = (bytes: number) => (bytes >= MiB ? `${Math.round(bytes / MiB)} MiB` : `${bytes} bytes`);
const STDERR_KEEP = 64 * 1024;

export type NetworkIsolation = 'namespace' | 'proxy-only';

export interface Isolation {
  network: NetworkIsolation;
  /** Programs run before kustomize (`unshare -rn`), absolute paths. */
  prefix: string[];
}

export interface ConfinedRun {
  stdout: string;
  /** Highest resident set seen while polling, in bytes (0 where /proc is not available). */
  peakRssBytes: number;
}

/** An executable on this process's PATH, as an absolute path (kustomize itself gets an empty PATH). */
export async function which(name: string): Promise<string | undefined> {
  if (isAbsolute(name)) return name;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, name);
    if (await access(file, constants.X_OK).then(() => true, () => false)) return file;
  }
  return undefined;
}

let detected: Promise<Isolation> | undefined;

/** Which network isolation this machine allows, tried once (with /bin/sh, ~5 ms; else with kustomize itself). */
export function detectIsolation(kustomize: { file: string; versionArgs: readonly string[] }): Promise<Isolation> {
  detected ??= (async (): Promise<Isolation> => {
    const unshare = await which('unshare');
    if (unshare && process.platform === 'linux') {
      const probe = (await access('/bin/sh', constants.X_OK).then(() => true, () => false)) ? ['/bin/sh', '-c', ':'] : [kustomize.file, ...kustomize.versionArgs];
      const variants = process.getuid?.() === 0 ? [['-rn'], ['-n']] : [['-rn']];
      for (const flags of variants) {
        const ok = await new Promise<boolean>((resolve) => {
          const child = spawn(unshare, [...flags, ...probe], { stdio: 'ignore', env: { PATH: '/nonexistent' }, timeout: 10_000 });
          child.on('error', () => resolve(false));
          child.on('close', (code) => resolve(code === 0));
        });
        if (ok) return { network: 'namespace', prefix: [unshare, ...flags] };
      }
    }
    return { network: 'proxy-only', prefix: [] };
  })();
  return detected;
}

let running = 0;
const waiting: (() => void)[] = [];

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL_KUSTOMIZE) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

async function residentBytes(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Run kustomize (`file args`) confined. `workDir` is a fresh folder of the caller's (removed by
 * it): HOME and the empty PATH folder are made inside it. Throws a ToolError saying which
 * limit stopped it.
 */
export async function runKustomizeConfined(
  file: string,
  args: readonly string[],
  options: { workDir: string; isolation: Isolation; limits?: Partial<KustomizeLimits> },
): Promise<ConfinedRun> {
  const limits = { ...KUSTOMIZE_LIMITS, ...options.limits };
  const home = join(options.workDir, 'home');
  const emptyPath = join(options.workDir, 'no-programs');
  await mkdir(home, { recursive: true });
  await mkdir(emptyPath, { recursive: true });
  const closedProxy = 'http://127.0.0.1:1';
  const env: Record<string, string> = {
    PATH: emptyPath,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    KUSTOMIZE_PLUGIN_HOME: join(home, 'plugins'),
    TMPDIR: home,
    HTTP_PROXY: closedProxy,
    HTTPS_PROXY: closedProxy,
    http_proxy: closedProxy,
    https_proxy: closedProxy,
    NO_PROXY: '',
    no_proxy: '',
  };
  const shell = (await access('/bin/sh', constants.X_OK).then(() => true, () => false)) ? '/bin/sh' : undefined;
  const command = [...options.isolation.prefix, file, ...args];
  const argv = shell ? [shell, '-c', `ulimit -v ${Math.floor(limits.maxAddressSpaceBytes / 1024)} 2>/dev/null; exec "$@"`, 'kustomize', ...command] : command;

  return slot(
    () =>
      new Promise<ConfinedRun>((resolve, reject) => {
        const child = spawn(argv[0]!, argv.slice(1), { cwd: options.workDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
        const chunks: Buffer[] = [];
        let outBytes = 0;
        let stderr = '';
        let stopped: { message: string; timedOut: boolean } | undefined;
        let peak = 0;
        const stop = (message: string, timedOut = false) => {
          if (stopped) return;
          stopped = { message, timedOut };
          child.kill('SIGKILL');
        };
        const timer = setTimeout(() => stop(`kustomize did not finish within ${Math.round(limits.timeoutMs / 1000)} s and was stopped`, true), limits.timeoutMs);
        let polling = false;
        const poll = setInterval(() => {
          if (polling || child.pid === undefined) return;
          polling = true;
          void residentBytes(child.pid).then((rss) => {
            polling = false;
            if (rss === undefined) return;
            peak = Math.max(peak, rss);
            if (rss > limits.maxRssBytes) stop(`kustomize used more than ${size(limits.maxRssBytes)} of memory and was stopped`);
          });
        }, RSS_POLL_MS);
        child.stdout.on('data', (chunk: Buffer) => {
          if (stopped) return;
          outBytes += chunk.length;
          if (outBytes > limits.maxOutputBytes) return stop(`kustomize's output passed ${size(limits.maxOutputBytes)} and was stopped`);
          chunks.push(chunk);
        });
        child.stderr.on('data', (chunk: Buffer) => {
          stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
        });
        child.on('error', (error) => {
          clearTimeout(timer);
          clearInterval(poll);
          reject(new ToolError('kustomize', undefined, '', `kustomize could not be started: ${error.message}`, false, { cause: error }));
        });
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          clearInterval(poll);
          const tail = stderr.trimEnd().split('\n').slice(-15).join('\n');
          if (stopped) return reject(new ToolError('kustomize', undefined, '', stopped.message, stopped.timedOut));
          if (signal) return reject(new ToolError('kustomize', undefined, tail, `kustomize was killed by ${signal} (by the system: out of memory?)`));
          if (code !== 0) {
            // Go dies this way when the address-space limit is reached.
            if (/out of memory|failed to reserve|cannot allocate memory/i.test(stderr)) {
              return reject(new ToolError('kustomize', code ?? undefined, '', `kustomize ran out of its ${size(limits.maxAddressSpaceBytes)} address-space limit and was stopped`));
            }
            return reject(new ToolError('kustomize', code ?? undefined, tail, `kustomize exited with code ${code}: ${tail.split('\n').slice(-5).join('\n')}`));
          }
          resolve({ stdout: Buffer.concat(chunks).toString('utf8'), peakRssBytes: peak });
        });
      }),
  );
}
