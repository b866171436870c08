// Doing: gather what the decider needs — the rendered cluster folders and networks (already
// rendered by the pipeline), the directories the git generators can list, the scope table —
// run it, and turn the verdict into findings.
import type { Finding } from '../../findings.js';
import type { RenderedResource } from '../../render/types.js';
import { generatorPatterns } from './applications.js';
import { decideArgoCd } from './decide.js';
import { listGeneratorDirectories, MAX_DIRECTORIES } from './directories.js';
import { argoCdFindings } from './findings.js';
import { ensureScopeTable, scopesFromCrds } from './scopes.js';
import type { ArgoCdInput, ClusterObject, NetworkResource, ScopeTable } from './types.js';

export interface ArgoCdCheckInput {
  /** The tree under check. */
  root: string;
  clusters: { source: string; rendered: boolean; resources: readonly RenderedResource[] }[];
  /** The networks this run checks. */
  networks: { name: string; source: string; file: string; rendered: boolean; resources: readonly RenderedResource[] }[];
  /** Every network folder of the tree (folder → name), checked in this run or not. */
  networkFolders: ReadonlyMap<string, string>;
  /** Scope table override (tests); default: the pinned Kubernetes version and CRDs. */
  scopes?: ScopeTable;
}

const toObject = (r: RenderedResource): ClusterObject => ({
  apiVersion: r.apiVersion,
  kind: r.kind,
  name: r.name,
  ...(r.namespace ? { namespace: r.namespace } : {}),
  origin: r.origin,
  object: r.object,
});

const toResource = (r: RenderedResource): NetworkResource => ({
  apiVersion: r.apiVersion,
  kind: r.kind,
  name: r.name,
  ...(r.namespace ? { namespace: r.namespace } : {}),
  origin: r.origin,
});

export async function checkArgoCd(input: ArgoCdCheckInput): Promise<Finding[]> {
  // No cluster folder: the repository holds no Argo CD entry point to check against.
  if (input.clusters.length === 0) return [];
  const clusters = input.clusters.map((c) => ({ source: c.source, rendered: c.rendered, objects: c.resources.filter((r) => r.apiVersion.startsWith('argoproj.io/')).map(toObject) }));
  const patterns = generatorPatterns(clusters.flatMap((c) => c.objects));
  const [listing, pinned] = await Promise.all([listGeneratorDirectories(input.root, patterns, input.networkFolders), input.scopes ? Promise.resolve(input.scopes) : ensureScopeTable()]);
  // CRDs rendered from the repository add their kinds; built-in and pinned kinds keep their scope.
  const repoCrds = [...input.clusters.flatMap((c) => c.resources), ...input.networks.flatMap((n) => n.resources)].filter((r) => r.kind === 'CustomResourceDefinition').map((r) => r.object);
  const scopes = { ...scopesFromCrds(repoCrds), ...pinned };
  const decided: ArgoCdInput = {
    clusters,
    networks: input.networks.map((n) => ({ name: n.name, source: n.source, file: n.file, rendered: n.rendered, resources: n.resources.map(toResource) })),
    directories: listing.directories,
    scopes,
  };
  // A run reports on the networks it checks: what concerns another network is left to the runs that select it.
  const checked = new Set(input.networks.map((n) => n.name));
  const findings = argoCdFindings(decideArgoCd(decided)).filter((f) => !f.network || checked.has(f.network));
  if (listing.truncated) {
    findings.push({
      check: 'argocd',
      severity: 'error',
      file: `${input.clusters[0]!.source}/kustomization.yaml`,
      rule: 'argocd/cannot-evaluate',
      message: `the git directory generators (${patterns.join(', ')}) reach more than ${MAX_DIRECTORIES} directories; the check stopped listing them and cannot tell which Applications Argo CD generates: narrow the generator paths`,
    });
  }
  return findings;
}
