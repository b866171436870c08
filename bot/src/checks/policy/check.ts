// Doing: judge every rendered resource with ONE conftest process (all networks'
// facts as one --data document) and the kustomization files with one more.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../findings.js';
import type { RenderedResource } from '../../render/types.js';
import { POLICY_DIR, runConftestJson, type ConftestOptions } from './conftest.js';
import { policyData, type NetworkFacts } from './data.js';
import { documentsText, planPolicyFiles } from './files.js';
import { anchoredOrigins, kustomizationFindings, manifestFindings, type KustomizationFile, type KustomizationsOf } from './results.js';

export interface PolicyCheckInput {
  resources: RenderedResource[];
  kustomizations: KustomizationFile[];
  networks: NetworkFacts[];
  /** Text of a repository file (origin of a resource), to point findings at the offending line. */
  readOrigin?: (file: string) => Promise<string | undefined>;
  /** The kustomization files a rendered folder went through, to point a finding at the `images:` / `replicas:` entry that set a value. */
  kustomizationsOf?: KustomizationsOf;
}

/** Rego packages for rendered manifests and for kustomization.yaml files. */
export const MANIFEST_NAMESPACES = 'manifests.*';
export const KUSTOMIZE_NAMESPACES = 'kustomize.*';

async function checkManifests(workDir: string, input: PolicyCheckInput, options: ConftestOptions): Promise<Finding[]> {
  const files = planPolicyFiles(input.resources);
  if (files.length === 0) return [];
  const dir = join(workDir, 'manifests');
  await mkdir(dir);
  await Promise.all(files.map((f) => writeFile(join(dir, f.file), documentsText(f.resources.map((r) => r.object)))));
  const dataFile = join(workDir, 'policy-data.json');
  await writeFile(dataFile, JSON.stringify(policyData(input.resources, input.networks)));
  const output = await runConftestJson(
    ['test', '--policy', options.policyDir ?? POLICY_DIR, '--namespace', MANIFEST_NAMESPACES, '--data', dataFile, ...files.map((f) => f.file)],
    dir,
    options,
  );
  const texts = new Map<string, string>();
  if (input.readOrigin) {
    for (const file of anchoredOrigins(output, files)) {
      const text = await input.readOrigin(file);
      if (text !== undefined) texts.set(file, text);
    }
  }
  return manifestFindings(output, files, texts, input.kustomizationsOf);
}

async function checkKustomizations(workDir: string, kustomizations: readonly KustomizationFile[], options: ConftestOptions): Promise<Finding[]> {
  if (kustomizations.length === 0) return [];
  const dir = join(workDir, 'kustomizations');
  await mkdir(dir);
  const names = new Map(kustomizations.map((k, i) => [`${i}-kustomization.yaml`, k]));
  await Promise.all([...names].map(([name, k]) => writeFile(join(dir, name), k.content)));
  const output = await runConftestJson(['test', '--policy', options.policyDir ?? POLICY_DIR, '--namespace', KUSTOMIZE_NAMESPACES, ...names.keys()], dir, options);
  return kustomizationFindings(output, names);
}

export async function checkPolicy(input: PolicyCheckInput, options: ConftestOptions = {}): Promise<Finding[]> {
  const workDir = await mkdtemp(join(tmpdir(), 'sg-policy-'));
  try {
    const [manifests, kustomizations] = await Promise.all([checkManifests(workDir, input, options), checkKustomizations(workDir, input.kustomizations, options)]);
    return [...manifests, ...kustomizations];
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
