import { diffRenders, sortChanges } from '../diff/diffRenders.js';
import { diffNetworkSpecs } from '../diff/networkSpecs.js';
import { dedupeFindings, hasErrors, sortFindings, type Finding } from '../findings.js';
import { modelNetwork, type NetworkModel } from '../model/network.js';
import { parseNetworkFile, type NetworkSpec } from '../model/networkFile.js';
import { planNetwork, stateFromModel } from '../plan/planNetwork.js';
import type { OnChainPlan } from '../plan/types.js';
import { renderFolders, type RenderRequest } from '../render/renderFolders.js';
import type { RenderedResource } from '../render/types.js';
import { affectedFolders } from '../repo/affected.js';
import { walkKustomizeGraph, type FolderGraph } from '../repo/kustomizeGraph.js';
import { applyCheckBudget } from '../repo/renderCost.js';
import { CLUSTERS_DIR, listRenderableFolders, NETWORKS_DIR, readTreeFile } from '../repo/tree.js';
import { MAX_YAML_BYTES } from '../yaml/parse.js';
import { checkSchema } from '../checks/schema/index.js';
import { checkPolicy } from '../checks/policy/index.js';
import { scanTreeForKeys } from '../checks/keys/index.js';
import { locateModelFindings } from './locateModelFindings.js';
import { checkArgoCd } from '../checks/argocd/index.js';
import type { CheckResult, NetworkSummary } from './types.js';

// The one pipeline behind `npm run check`, the pull-request bot and the post-merge run:
// trees in, findings/diff/plan out. Only the stage adapters touch processes.

export interface CheckInput {
  /** The revision under check (working directory, export, or unpacked tarball). */
  headDir: string;
  /** The revision it is compared with; enables diff and plan. */
  baseDir?: string;
  /** Files changed between base and head; when given, only affected folders are rendered and checked. */
  changedFiles?: string[];
  /** Restrict to folders under these repo-relative paths (or affected by these files). */
  paths?: string[];
  /** Files for the key scan; default: every file of the head tree. */
  keyScanFiles?: () => Promise<{ path: string; content: Buffer }[]>;
}

interface TreeState {
  graphs: Map<string, FolderGraph & { network?: string }>;
  specs: Map<string, NetworkSpec>;
  findings: Finding[];
}

async function readTree(dir: string): Promise<TreeState> {
  const folders = await listRenderableFolders(dir);
  const graphs = new Map<string, FolderGraph & { network?: string }>();
  const specs = new Map<string, NetworkSpec>();
  const findings: Finding[] = [];
  const cache = new Map();
  await Promise.all(
    folders.map(async (f) => {
      const graph = await walkKustomizeGraph(dir, f.source, f.network, cache);
      graphs.set(f.source, { ...graph, ...(f.network ? { network: f.network } : {}) });
      if (!f.network) return;
      const file = `${NETWORKS_DIR}/${f.network}/network.yaml`;
      const read = await readTreeFile(dir, file, MAX_YAML_BYTES);
      if (!read.ok) {
        const message = read.reason === 'missing' ? `${f.source}/ has no network.yaml; every network declares its chain (see networks/README.md)` : read.message;
        findings.push({ check: 'input', severity: 'error', file: read.reason === 'missing' ? f.source : file, rule: `network/${read.reason}`, message, network: f.network });
        return;
      }
      const parsed = parseNetworkFile(file, read.content, f.network);
      findings.push(...parsed.findings);
      if (parsed.spec) specs.set(f.network, parsed.spec);
    }),
  );
  return { graphs, specs, findings };
}

function selectFolders(head: TreeState, base: TreeState | undefined, input: CheckInput): string[] {
  let selected = [...head.graphs.keys()].sort();
  if (input.changedFiles) {
    const deps = selected.map((source) => ({
      source,
      deps: new Set([...(head.graphs.get(source)?.deps ?? []), ...(base?.graphs.get(source)?.deps ?? [])]),
    }));
    selected = affectedFolders(deps, input.changedFiles);
  }
  if (input.paths && input.paths.length > 0) {
    const paths = input.paths.map((p) => p.replace(/^\.\//, '').replace(/\/+$/, ''));
    selected = selected.filter((source) =>
      paths.some((p) => p === '' || p === '.' || source === p || source.startsWith(`${p}/`) || p.startsWith(`${source}/`) || [...(head.graphs.get(source)?.deps ?? [])].some((d) => d === p || p.startsWith(`${d}/`))),
    );
  }
  return selected;
}

function renderRequests(tree: TreeState, sources: readonly string[]): RenderRequest[] {
  return sources
    .map((s) => tree.graphs.get(s))
    .filter((g): g is NonNullable<typeof g> => !!g && g.renderable)
    .map((g) => ({
      source: g.source,
      ...(g.network ? { network: g.network } : {}),
      graph: g,
      localFiles: [...g.deps].filter((d) => d.startsWith(`${g.source}/`) && /\.ya?ml$/.test(d) && !/kustomization\.ya?ml$/.test(d)),
    }));
}

async function timed<T>(timings: Record<string, number>, name: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    timings[name] = Math.round(performance.now() - start);
  }
}

export async function runChecks(input: CheckInput): Promise<CheckResult> {
  const timings: Record<string, number> = {};
  const [head, base] = await timed(timings, 'read', () => Promise.all([readTree(input.headDir), input.baseDir ? readTree(input.baseDir) : Promise.resolve(undefined)]));
  const selected = selectFolders(head, base, input);
  // What one check may render is bounded (render/README.md); past it, folders get a finding.
  applyCheckBudget(selected.flatMap((s) => head.graphs.get(s) ?? []));
  if (base) applyCheckBudget(selected.flatMap((s) => base.graphs.get(s) ?? []));
  const selectedNetworks = new Set(selected.map((s) => head.graphs.get(s)?.network).filter(Boolean));
  const findings: Finding[] = [
    ...head.findings.filter((f) => !f.network || selectedNetworks.has(f.network)),
    ...selected.flatMap((s) => head.graphs.get(s)?.findings ?? []),
  ];

  // The Argo CD stage judges the selected networks (and any folder the ApplicationSets would
  // deploy unchecked) against every cluster folder's AppProjects, so those folders are rendered
  // at head even when the change does not touch them; only the Argo CD stage reads them then
  // (their own findings belong to runs that select them).
  const selectedSet = new Set(selected);
  const clusterSources = [...head.graphs.values()].filter((g) => !g.network && g.source.startsWith(`${CLUSTERS_DIR}/`)).map((g) => g.source).sort();
  const argoOnly = clusterSources.filter((s) => !selectedSet.has(s));
  const [headRender, baseRender] = await timed(timings, 'render', () =>
    Promise.all([
      renderFolders(input.headDir, renderRequests(head, [...selected, ...argoOnly])),
      base && input.baseDir ? renderFolders(input.baseDir, renderRequests(base, selected)) : Promise.resolve(undefined),
    ]),
  );
  findings.push(...headRender.findings.filter((f) => !argoOnly.some((s) => f.file.startsWith(`${s}/`))));
  const resources: RenderedResource[] = headRender.folders.filter((f) => selectedSet.has(f.source)).flatMap((f) => f.resources);
  const renderedAt = (source: string) => headRender.folders.find((f) => f.source === source);
  const ephemeralPrefixes = [...head.specs.values()].filter((s) => s.ephemeral).map((s) => `${NETWORKS_DIR}/${s.name}/`);
  const headTexts = new Map<string, Promise<string | undefined>>();
  const readHead = (file: string) => {
    if (!headTexts.has(file)) headTexts.set(file, readTreeFile(input.headDir, file, MAX_YAML_BYTES).then((read) => (read.ok ? read.content.toString('utf8') : undefined)));
    return headTexts.get(file)!;
  };

  const stage = <T>(name: string, work: () => Promise<T[]>) => timed(timings, name, work);
  const [schemaFindings, policyFindings, argoCdFindings, keyFindings] = await Promise.all([
    stage('schema', () => checkSchema(resources)),
    stage('policy', () =>
      checkPolicy({
        resources,
        kustomizations: selected.flatMap((s) => head.graphs.get(s)?.kustomizations ?? []).filter((k, i, all) => all.findIndex((x) => x.file === k.file) === i),
        networks: [...head.specs.values()].filter((s) => selectedNetworks.has(s.name)).map((s) => ({ name: s.name, file: `${NETWORKS_DIR}/${s.name}/network.yaml`, data: s })),
        readOrigin: readHead,
        kustomizationsOf: (source) => head.graphs.get(source)?.kustomizations ?? [],
      }),
    ),
    stage('argocd', () =>
      checkArgoCd({
        root: input.headDir,
        clusters: clusterSources.map((source) => ({ source, rendered: !!renderedAt(source), resources: renderedAt(source)?.resources ?? [] })),
        networks: selected
          .map((s) => head.graphs.get(s)!)
          .filter((g) => g.network)
          .map((g) => ({ name: g.network!, source: g.source, file: g.kustomizations.find((k) => k.file.startsWith(`${g.source}/`) && !k.file.slice(g.source.length + 1).includes('/'))?.file ?? `${g.source}/kustomization.yaml`, rendered: !!renderedAt(g.source), resources: renderedAt(g.source)?.resources ?? [] })),
        networkFolders: new Map([...head.graphs.values()].filter((g) => g.network).map((g) => [g.source, g.network!])),
      }),
    ),
    stage('keys', () => scanTreeForKeys(input.headDir, { ephemeralPrefixes, ...(input.keyScanFiles ? { files: input.keyScanFiles } : {}) })),
  ]);
  findings.push(...schemaFindings, ...policyFindings, ...argoCdFindings, ...keyFindings);

  // Model, diff and plan.
  const headModels = new Map<string, NetworkModel>();
  for (const folder of headRender.folders) {
    const spec = folder.network ? head.specs.get(folder.network) : undefined;
    if (!spec) continue;
    const { model, findings: modelFindings } = modelNetwork(spec, folder.resources);
    headModels.set(spec.name, model);
    findings.push(...(await locateModelFindings(modelFindings, head.graphs.get(folder.source), readHead)));
  }
  let diff: CheckResult['diff'];
  let plan: OnChainPlan[] | undefined;
  if (base && baseRender) {
    plan = [];
    const baseModels = new Map<string, NetworkModel>();
    for (const folder of baseRender.folders) {
      const spec = folder.network ? base.specs.get(folder.network) : undefined;
      if (spec) baseModels.set(spec.name, modelNetwork(spec, folder.resources).model);
    }
    // Networks whose folder was removed are in base only.
    const baseOnly = [...base.graphs.values()].filter((g) => g.network && !head.graphs.has(g.source) && (input.changedFiles ?? []).some((f) => f.startsWith(`${g.source}/`)));
    const names = new Set([...selectedNetworks, ...baseOnly.map((g) => g.network)].filter((n): n is string => !!n));
    diff = sortChanges([...diffRenders(baseRender.folders.flatMap((f) => f.resources), resources), ...diffNetworkSpecs(names, base.specs, head.specs)]);
    for (const name of [...names].sort()) {
      const desired = headModels.get(name);
      const previous = baseModels.get(name);
      if (!desired && head.graphs.has(`${NETWORKS_DIR}/${name}`)) continue; // failed to render: findings say why
      const p = planNetwork(name, desired, stateFromModel(previous), previous);
      if (p.steps.length > 0 || p.notes.length > 0) plan.push(p);
    }
  }

  const networks: NetworkSummary[] = selected
    .map((s) => head.graphs.get(s)!)
    .filter((g) => g.network)
    .map((g) => {
      const folder = headRender.folders.find((f) => f.source === g.source);
      const model = headModels.get(g.network!);
      return {
        name: g.network!,
        source: g.source,
        rendered: !!folder,
        resources: folder?.resources.length ?? 0,
        groups: (model?.groups ?? []).map((x) => ({ name: x.name, role: x.role, replicas: x.replicas })),
      };
    });
  const sorted = sortFindings(dedupeFindings(findings));
  return { ok: !hasErrors(sorted), folders: selected, networks, findings: sorted, ...(diff ? { diff } : {}), ...(plan ? { plan } : {}), timings };
}
