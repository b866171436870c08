import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { EnvironmentError, ToolError } from '../errors.js';
import { runTool } from '../tools/run.js';

// The kustomize adapter. kustomize costs ~45 ms per process, so many folders are built in
// one process through a generated aggregate kustomization; each folder is wrapped so its
// resources carry the folder they came from, and origin annotations say which file.

export const RENDERED_FROM = 'substrate-gitops.io/rendered-from';
export const ORIGIN = 'config.kubernetes.io/origin';

let kustomizeCommand: Promise<{ file: string; args: string[] }> | undefined;

/** `kustomize build` when a standalone kustomize is installed, else `kubectl kustomize`. */
export function findKustomize(): Promise<{ file: string; args: string[] }> {
  kustomizeCommand ??= (async () => {
    try {
      await runTool('kustomize', 'kustomize', ['version'], { timeoutMs: 10_000 });
      return { file: 'kustomize', args: ['build'] };
    } catch {
      try {
        await runTool('kubectl', 'kubectl', ['version', '--client'], { timeoutMs: 10_000 });
        return { file: 'kubectl', args: ['kustomize'] };
      } catch (error) {
        throw new EnvironmentError('neither kustomize nor kubectl is installed', 'install kubectl ≥ 1.27 (it includes kustomize) and re-run', { cause: error });
      }
    }
  })();
  return kustomizeCommand;
}

export interface AggregateBuild {
  /** Rendered YAML stream of every folder. */
  output: string;
  /** Directory origin paths are relative to. */
  aggregateDir: string;
}

/** Build `sources` (repo-relative folders of `root`) in one kustomize process. */
export async function buildFolders(root: string, sources: readonly string[], timeoutMs = 120_000): Promise<AggregateBuild> {
  const { file, args } = await findKustomize();
  const dir = await mkdtemp(join(tmpdir(), 'sg-render-'));
  try {
    const wrappers: string[] = [];
    for (const [i, source] of sources.entries()) {
      const w = join(dir, `w${i}`);
      await mkdir(w);
      await writeFile(
        join(w, 'kustomization.yaml'),
        `resources:\n- ${JSON.stringify(relative(w, join(root, source)))}\ntransformers:\n- mark.yaml\n`,
      );
      await writeFile(
        join(w, 'mark.yaml'),
        [
          'apiVersion: builtin',
          'kind: AnnotationsTransformer',
          'metadata:',
          '  name: rendered-from',
          'annotations:',
          `  ${RENDERED_FROM}: ${JSON.stringify(source)}`,
          'fieldSpecs:',
          '- path: metadata/annotations',
          '  create: true',
          '',
        ].join('\n'),
      );
      wrappers.push(`w${i}`);
    }
    await writeFile(join(dir, 'kustomization.yaml'), `buildMetadata: [originAnnotations]\nresources:\n${wrappers.map((w) => `- ${w}`).join('\n')}\n`);
    const { stdout } = await runTool('kustomize', file, [...args, dir], { timeoutMs, env: { KUSTOMIZE_PLUGIN_HOME: dir } });
    return { output: stdout, aggregateDir: dir };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    if (error instanceof ToolError) {
      const clean = (t: string) => t.split(dir).join('<render>').split(`${root}/`).join('').split(root).join('.');
      throw new ToolError(error.tool, error.exitCode, clean(error.stderrTail), clean(error.message), error.timedOut, { cause: error });
    }
    throw error;
  }
}

export async function cleanupBuild(build: AggregateBuild): Promise<void> {
  await rm(build.aggregateDir, { recursive: true, force: true });
}

/** The last lines of kustomize's complaint, as one sentence. */
export function describeKustomizeError(error: unknown): string {
  const raw = error instanceof ToolError ? (error.timedOut ? error.message : error.stderrTail || error.message) : String(error);
  return raw.replace(/^Error: /gm, '').trim().split('\n').slice(-3).join(' ');
}
