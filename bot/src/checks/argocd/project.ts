// Deciding: what an AppProject permits, with Argo CD v3's semantics (pkg/apis/application/
// v1alpha1/app_project_types.go: IsSourcePermitted, IsDestinationPermitted,
// IsGroupKindNamePermitted), reimplemented over plain data.
//
// - sourceRepos: any pattern matching the normalised URL permits it (gobwas glob, '/' is the
//   separator, a bare `*` matches everything); a `!pattern` that does not match refuses at once.
// - destinations: an entry matches when (server or name) and namespace match; a `!` entry whose
//   pattern does not match the cluster (with the namespace matching) or the namespace (with the
//   server matching) refuses at once, whatever came before.
// - cluster-scoped kinds: permitted only when clusterResourceWhitelist is non-empty and lists the
//   group/kind (and name, when the entry has one), and clusterResourceBlacklist does not.
// - namespaced kinds: an absent (or null) namespaceResourceWhitelist permits every kind; an
//   empty list `[]` permits none; then namespaceResourceBlacklist removes kinds.
//   Group, kind and name are Go filepath.Match patterns; a malformed one matches nothing.
import { goPathMatch, gobwasMatch } from './match.js';
import { normalizeGitUrl } from './gitUrl.js';
import type { Destination, Origin } from './types.js';

export interface GroupKindPattern {
  group: string;
  kind: string;
  /** clusterResource* entries only. */
  name?: string;
}

export interface ProjectRules {
  name: string;
  origin: Origin;
  sourceRepos: string[];
  destinations: Destination[];
  clusterResourceWhitelist: GroupKindPattern[];
  clusterResourceBlacklist: GroupKindPattern[];
  /** `undefined` when absent or null (every namespaced kind permitted). */
  namespaceResourceWhitelist?: GroupKindPattern[];
  namespaceResourceBlacklist: GroupKindPattern[];
  permitOnlyProjectScopedClusters: boolean;
}

export type ParsedProject = { ok: true; rules: ProjectRules } | { ok: false; reason: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function stringList(spec: Record<string, unknown>, field: string): string[] {
  const value = spec[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new Error(`spec.${field} must be a list of strings`);
  return value;
}

function groupKinds(spec: Record<string, unknown>, field: string, withName: boolean): GroupKindPattern[] | undefined {
  const value = spec[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new Error(`spec.${field} must be a list`);
  return value.map((item, i) => {
    // Go decodes a missing group or kind as "", which matches only the empty string.
    if (!isRecord(item)) throw new Error(`spec.${field}[${i}] must be a mapping`);
    const pick = (key: string) => {
      const v = item[key];
      if (v === undefined || v === null) return '';
      if (typeof v !== 'string') throw new Error(`spec.${field}[${i}].${key} must be a string`);
      return v;
    };
    return { group: pick('group'), kind: pick('kind'), ...(withName && pick('name') !== '' ? { name: pick('name') } : {}) };
  });
}

/** An AppProject object (rendered) → its rules, or why they cannot be read. */
export function parseProject(object: Record<string, unknown>, name: string, origin: Origin): ParsedProject {
  const spec = object.spec ?? {};
  if (!isRecord(spec)) return { ok: false, reason: 'spec is not a mapping' };
  try {
    const destinations = spec.destinations ?? [];
    if (!Array.isArray(destinations)) throw new Error('spec.destinations must be a list');
    const dests: Destination[] = destinations.map((d, i) => {
      if (!isRecord(d)) throw new Error(`spec.destinations[${i}] must be a mapping`);
      const out: Destination = {};
      for (const key of ['server', 'name', 'namespace'] as const) {
        const v = d[key];
        if (v === undefined || v === null) continue;
        if (typeof v !== 'string') throw new Error(`spec.destinations[${i}].${key} must be a string`);
        out[key] = v;
      }
      return out;
    });
    const nsWhite = groupKinds(spec, 'namespaceResourceWhitelist', false);
    return {
      ok: true,
      rules: {
        name,
        origin,
        sourceRepos: stringList(spec, 'sourceRepos'),
        destinations: dests,
        clusterResourceWhitelist: groupKinds(spec, 'clusterResourceWhitelist', true) ?? [],
        clusterResourceBlacklist: groupKinds(spec, 'clusterResourceBlacklist', true) ?? [],
        ...(nsWhite ? { namespaceResourceWhitelist: nsWhite } : {}),
        namespaceResourceBlacklist: groupKinds(spec, 'namespaceResourceBlacklist', false) ?? [],
        permitOnlyProjectScopedClusters: spec.permitOnlyProjectScopedClusters === true,
      },
    };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

const isDeny = (pattern: string | undefined) => (pattern ?? '').startsWith('!');

/** Argo CD's globMatch: `!p` matches what p does not; a bare `*` matches everything. */
function globMatch(pattern: string, value: string, separators = ''): boolean {
  if (isDeny(pattern)) return !gobwasMatch(pattern.slice(1), value, separators);
  if (pattern === '*') return true;
  return gobwasMatch(pattern, value, separators);
}

export type SourceDecision = { permitted: boolean } | { permitted: false; unevaluable: string };

export function isSourcePermitted(project: ProjectRules, repoURL: string): SourceDecision {
  const src = normalizeGitUrl(repoURL);
  if (!src.ok) return { permitted: false, unevaluable: src.reason };
  let anyMatched = false;
  for (const entry of project.sourceRepos) {
    const deny = isDeny(entry);
    const normalized = normalizeGitUrl(deny ? entry.slice(1) : entry);
    if (!normalized.ok) return { permitted: false, unevaluable: `sourceRepos entry ${normalized.reason}` };
    const pattern = deny ? `!${normalized.url}` : normalized.url;
    const matched = globMatch(pattern, src.url, '/');
    if (matched) anyMatched = true;
    else if (deny) return { permitted: false };
  }
  return { permitted: anyMatched };
}

/** The cluster Argo CD resolves a destination to. Only the in-cluster one is known from git. */
export const IN_CLUSTER = { server: 'https://kubernetes.default.svc', name: 'in-cluster' } as const;

export interface ClusterRef {
  server: string;
  name: string;
}

export type ClusterResolution = { ok: true; cluster: ClusterRef } | { ok: false; reason: string };

/** Argo CD's GetDestinationCluster for what git can tell: exactly one of server or name; in-cluster known by both. */
export function resolveCluster(destination: Destination): ClusterResolution {
  const server = destination.server ?? '';
  const name = destination.name ?? '';
  if (server !== '' && name !== '') return { ok: false, reason: `the destination has both name (${name}) and server (${server}); Argo CD refuses such an Application` };
  if (server === '' && name === '') return { ok: false, reason: 'the destination has neither server nor name; Argo CD refuses such an Application' };
  if (server !== '') {
    const trimmed = server.replace(/\/+$/, '');
    return { ok: true, cluster: trimmed === IN_CLUSTER.server ? { ...IN_CLUSTER } : { server: trimmed, name: '' } };
  }
  return { ok: true, cluster: name === IN_CLUSTER.name ? { ...IN_CLUSTER } : { server: '', name } };
}

// Networks repeat the same few namespaces and kinds: each project answers each question once.
const destinationAnswers = new WeakMap<ProjectRules, Map<string, boolean>>();
const kindAnswers = new WeakMap<ProjectRules, Map<string, KindDecision>>();

function memo<T>(store: WeakMap<ProjectRules, Map<string, T>>, project: ProjectRules, key: string, compute: () => T): T {
  let answers = store.get(project);
  if (!answers) store.set(project, (answers = new Map()));
  const hit = answers.get(key);
  if (hit !== undefined) return hit;
  const value = compute();
  answers.set(key, value);
  return value;
}

export function isDestinationPermitted(project: ProjectRules, cluster: ClusterRef, namespace: string): boolean {
  return memo(destinationAnswers, project, JSON.stringify([cluster.server, cluster.name, namespace]), () => destinationPermitted(project, cluster, namespace));
}

function destinationPermitted(project: ProjectRules, cluster: ClusterRef, namespace: string): boolean {
  let anyMatched = false;
  for (const item of project.destinations) {
    const nameMatched = cluster.name !== '' && globMatch(item.name ?? '', cluster.name);
    const serverMatched = cluster.server !== '' && globMatch(item.server ?? '', cluster.server);
    const namespaceMatched = globMatch(item.namespace ?? '', namespace);
    if ((serverMatched || nameMatched) && namespaceMatched) anyMatched = true;
    else if (((!nameMatched && isDeny(item.name)) || (!serverMatched && isDeny(item.server))) && namespaceMatched) return false;
    else if (!namespaceMatched && isDeny(item.namespace) && serverMatched) return false;
  }
  return anyMatched;
}

function inList(list: readonly GroupKindPattern[], group: string, kind: string, name?: string): GroupKindPattern | undefined {
  return list.find((item) => goPathMatch(item.kind, kind) && goPathMatch(item.group, group) && (item.name === undefined || name === undefined || goPathMatch(item.name, name)));
}

export type KindDecision = { permitted: true } | { permitted: false; list: string; why: string };

/** IsGroupKindNamePermitted. */
export function isKindPermitted(project: ProjectRules, group: string, kind: string, name: string, namespaced: boolean): KindDecision {
  // Namespaced lists have no names, so the answer does not depend on it.
  return memo(kindAnswers, project, JSON.stringify([group, kind, namespaced ? '' : name, namespaced]), () => kindPermitted(project, group, kind, name, namespaced));
}

function kindPermitted(project: ProjectRules, group: string, kind: string, name: string, namespaced: boolean): KindDecision {
  if (namespaced) {
    const white = project.namespaceResourceWhitelist;
    if (white !== undefined && !inList(white, group, kind)) {
      return { permitted: false, list: 'namespaceResourceWhitelist', why: white.length === 0 ? 'namespaceResourceWhitelist is an empty list, which permits no namespaced kind' : 'it is not in namespaceResourceWhitelist' };
    }
    if (inList(project.namespaceResourceBlacklist, group, kind)) return { permitted: false, list: 'namespaceResourceBlacklist', why: 'it is in namespaceResourceBlacklist' };
    return { permitted: true };
  }
  const white = project.clusterResourceWhitelist;
  if (!inList(white, group, kind, name)) {
    return { permitted: false, list: 'clusterResourceWhitelist', why: white.length === 0 ? 'the AppProject has no clusterResourceWhitelist, which permits no cluster-scoped kind' : 'it is not in clusterResourceWhitelist' };
  }
  if (inList(project.clusterResourceBlacklist, group, kind, name)) return { permitted: false, list: 'clusterResourceBlacklist', why: 'it is in clusterResourceBlacklist' };
  return { permitted: true };
}
