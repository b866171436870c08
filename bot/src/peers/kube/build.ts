// Builds the test API server and etcd once per machine, from pinned Go modules, into the
// git-ignored cache. etcd is built from the version Kubernetes itself requires, so the pair
// is the one Kubernetes is tested with.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EnvironmentError } from '../../errors.js';
import { cacheDir } from '../../tools/cache.js';
import { downloadGoModule, goProgress } from '../../tools/goModule.js';
import { formatDuration } from '../../tools/progress.js';
import { stderrLine } from '../../tools/progressWatch.js';
import { runTool } from '../../tools/run.js';
import { PINNED } from '../../tools/versions.js';
import { withDirLock } from './dirLock.js';
import { buildModuleGoMod, kubeApiServerLdflags, stagingModules } from './goMod.js';
import { isExecutable } from '../../tools/executable.js';

export interface KubeBinaries {
  kubeApiServer: string;
  etcd: string;
  /** True when both came from the cache without building. */
  cached: boolean;
}

const PACKAGES = { kubeApiServer: 'k8s.io/kubernetes/cmd/kube-apiserver', etcd: 'go.etcd.io/etcd/server/v3' } as const;
/** `go build -o dir/` names a binary after the last path element that is not a major version. */
const OUTPUT_NAMES = { kubeApiServer: 'kube-apiserver', etcd: 'server' } as const;
/** A build lock not refreshed for this long (its holder on another host hung or vanished) is taken over. */
const LOCK_STALE_MS = 10 * 60_000;

export interface BuildOptions {
  /** Progress and waiting lines (default: stderr). */
  log?: (line: string) => void;
  /** Stops the build (or the wait for another builder) when aborted. */
  signal?: AbortSignal;
}

/** Where the binaries for the pinned Kubernetes version live (they may not exist yet). */
export async function binaryPaths(): Promise<Omit<KubeBinaries, 'cached'>> {
  const dir = await cacheDir('peers', 'kube', `bin-${PINNED.kubernetes.version}`);
  return { kubeApiServer: join(dir, 'kube-apiserver'), etcd: join(dir, 'etcd') };
}

/** Return the cached kube-apiserver and etcd, building them first if needed (minutes, once per machine). */
export async function ensureKubeBinaries(options: BuildOptions = {}): Promise<KubeBinaries> {
  const paths = await binaryPaths();
  const present = async () => (await isExecutable(paths.kubeApiServer)) && (await isExecutable(paths.etcd));
  if (await present()) return { ...paths, cached: true };
  const log = options.log ?? stderrLine;
  const lock = join(await cacheDir('peers', 'kube'), 'build.lock');
  const purpose = `building kube-apiserver ${PINNED.kubernetes.version} and etcd`;
  const built = await withDirLock(lock, { staleMs: LOCK_STALE_MS, done: present, purpose, report: log, ...(options.signal ? { signal: options.signal } : {}) }, async () => {
    // Another process may have finished while we waited for the lock.
    if (await present()) return true;
    await build(paths, log, options.signal);
    return false;
  });
  return { ...paths, cached: built !== false };
}

async function build(paths: Omit<KubeBinaries, 'cached'>, log: (line: string) => void, signal: AbortSignal | undefined): Promise<void> {
  const started = Date.now();
  log(`building kube-apiserver ${PINNED.kubernetes.version} and etcd (once per machine; uses every core for a while)`);
  const go = { log, ...(signal ? { signal } : {}) };
  const kubernetes = await downloadGoModule(PINNED.kubernetes.module, PINNED.kubernetes.version, go);
  const staging = stagingModules(await readFile(join(kubernetes.dir, 'go.mod'), 'utf8'));
  const buildDir = await cacheDir('peers', 'kube', 'build');
  await writeFile(
    join(buildDir, 'go.mod'),
    buildModuleGoMod({ kubernetesVersion: PINNED.kubernetes.version, stagingVersion: PINNED.kubernetes.stagingVersion, staging }),
  );
  // We hold the lock: output folders of builds that were killed are nobody's any more.
  for (const entry of await readdir(buildDir)) if (entry.startsWith('out-')) await rm(join(buildDir, entry), { recursive: true, force: true });
  // Build into a private folder and move the results in last, so an interrupted or
  // concurrent build never leaves a half-written binary where the cache check looks.
  const outDir = join(buildDir, `out-${process.pid}`);
  await mkdir(outDir, { recursive: true });
  try {
    const env = { GOFLAGS: '-mod=mod', CGO_ENABLED: '0', GO111MODULE: 'on', GOWORK: 'off' };
    const ldflags = kubeApiServerLdflags(PINNED.kubernetes.version);
    // One `go build` for both would share the version flags; two keep etcd's own, and the
    // second reuses the first's compiled packages. `-v` names each package as it is built.
    await runTool('go', 'go', ['build', '-v', '-trimpath', `-ldflags=${ldflags}`, '-o', `${outDir}/`, PACKAGES.kubeApiServer], {
      cwd: buildDir,
      env,
      ...goProgress(`building kube-apiserver ${PINNED.kubernetes.version}`, go),
    });
    await runTool('go', 'go', ['build', '-v', '-trimpath', '-ldflags=-s -w', '-o', `${outDir}/`, PACKAGES.etcd], { cwd: buildDir, env, ...goProgress('building etcd', go) });
    await rename(join(outDir, OUTPUT_NAMES.kubeApiServer), paths.kubeApiServer);
    await rename(join(outDir, OUTPUT_NAMES.etcd), paths.etcd);
  } catch (error) {
    if (error instanceof EnvironmentError || signal?.aborted) throw error;
    throw new EnvironmentError(
      `could not build kube-apiserver ${PINNED.kubernetes.version} and etcd: ${(error as Error).message}`,
      `see the full Go output with: cd ${buildDir} && GOFLAGS=-mod=mod CGO_ENABLED=0 go build ${PACKAGES.kubeApiServer} ${PACKAGES.etcd}`,
      { cause: error },
    );
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
  log(`built kube-apiserver and etcd (${formatDuration(Date.now() - started)})`);
}
