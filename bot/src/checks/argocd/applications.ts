// Deciding: the Applications Argo CD will hold for one cluster folder — those written there,
// and those its ApplicationSets generate from git directory generators over the repository's
// directories (Argo CD's filterPaths: a directory is generated when an include pattern matches
// it and no `exclude: true` pattern does; patterns are Go path.Match globs).
//
// Anything else an ApplicationSet can do (other generators, a generator-level template or
// selector, templatePatch, a git files generator) is reported as not evaluable: the check
// cannot tell what it deploys, so it does not pass it silently.
import { goPathMatch } from './match.js';
import { renderDeep, renderTemplateString, type DirectoryParams } from './template.js';
import type { ClusterObject, Destination, Origin, RepoDirectory } from './types.js';

export interface ApplicationSpec {
  name: string;
  project: string;
  sources: { repoURL: string; path?: string }[];
  destination: Destination;
  createNamespace: boolean;
}

export interface DeclaredApplication extends ApplicationSpec {
  origin: Origin;
  generatedBy?: string;
  /** The repository directory it deploys (normalised `source.path`), when it has exactly one path. */
  paths: string[];
}

export interface Unevaluable {
  origin: Origin;
  message: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const ARGO_GROUP = 'argoproj.io/';

export function isArgoKind(o: { apiVersion: string; kind: string }, kind: string): boolean {
  return o.kind === kind && o.apiVersion.startsWith(ARGO_GROUP);
}

/** `./networks/x/` → `networks/x`. */
export function normalizeSourcePath(path: string): string {
  return path
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .join('/');
}

function optionalString(obj: Record<string, unknown>, key: string, where: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new Error(`${where}.${key} must be a string`);
  return v;
}

/** An Application's `metadata.name` + `spec` → the fields Argo CD's permission checks read. */
export function readApplicationSpec(object: Record<string, unknown>): { ok: true; spec: ApplicationSpec } | { ok: false; reason: string } {
  try {
    const metadata = isRecord(object.metadata) ? object.metadata : {};
    const spec = isRecord(object.spec) ? object.spec : undefined;
    if (!spec) throw new Error('spec is missing');
    if (spec.sourceHydrator !== undefined) throw new Error('spec.sourceHydrator is not evaluated by the check');
    const sources: { repoURL: string; path?: string }[] = [];
    const list = Array.isArray(spec.sources) && spec.sources.length > 0 ? spec.sources : spec.source !== undefined ? [spec.source] : [];
    if (list.length === 0) throw new Error('spec has no source');
    list.forEach((s, i) => {
      const where = Array.isArray(spec.sources) ? `spec.sources[${i}]` : 'spec.source';
      if (!isRecord(s)) throw new Error(`${where} must be a mapping`);
      const path = optionalString(s, 'path', where);
      sources.push({ repoURL: optionalString(s, 'repoURL', where) ?? '', ...(path !== undefined ? { path } : {}) });
    });
    const dest = isRecord(spec.destination) ? spec.destination : {};
    const destination: Destination = {};
    for (const key of ['server', 'name', 'namespace'] as const) {
      const v = optionalString(dest, key, 'spec.destination');
      if (v !== undefined) destination[key] = v;
    }
    const syncPolicy = isRecord(spec.syncPolicy) ? spec.syncPolicy : {};
    const options = Array.isArray(syncPolicy.syncOptions) ? syncPolicy.syncOptions : [];
    const name = typeof metadata.name === 'string' ? metadata.name : '';
    const project = optionalString(spec, 'project', 'spec') ?? '';
    return {
      ok: true,
      spec: {
        name,
        // An empty project is Argo CD's `default`.
        project: project === '' ? 'default' : project,
        sources,
        destination,
        createNamespace: options.some((o) => typeof o === 'string' && o.trim() === 'CreateNamespace=true'),
      },
    };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

function pathsOf(spec: ApplicationSpec): string[] {
  return spec.sources.filter((s) => s.path !== undefined).map((s) => normalizeSourcePath(s.path!));
}

interface DirectoryPattern {
  path: string;
  exclude: boolean;
}

interface GitDirectoryGenerator {
  patterns: DirectoryPattern[];
  prefix?: string;
  values: Record<string, string>;
}

const GIT_GENERATOR_FIELDS = new Set(['repoURL', 'revision', 'directories', 'pathParamPrefix', 'values', 'requeueAfterSeconds']);

/** The generators of an ApplicationSet when all are evaluable git directory generators. */
function readGenerators(spec: Record<string, unknown>): { ok: true; generators: GitDirectoryGenerator[] } | { ok: false; reason: string } {
  const list = spec.generators;
  if (!Array.isArray(list) || list.length === 0) return { ok: false, reason: 'it has no generators' };
  const generators: GitDirectoryGenerator[] = [];
  for (const [i, g] of list.entries()) {
    if (!isRecord(g)) return { ok: false, reason: `generators[${i}] is not a mapping` };
    const kinds = Object.keys(g);
    if (kinds.length !== 1 || kinds[0] !== 'git' || !isRecord(g.git)) {
      return { ok: false, reason: `generators[${i}] is a ${kinds.join('/') || 'empty'} generator (or carries a selector or template); the check evaluates git directory generators only` };
    }
    const git = g.git;
    const unknown = Object.keys(git).filter((k) => !GIT_GENERATOR_FIELDS.has(k));
    if (unknown.length > 0) return { ok: false, reason: `generators[${i}].git has ${unknown.join(', ')}; the check evaluates git directory generators only` };
    if (!Array.isArray(git.directories) || git.directories.length === 0) return { ok: false, reason: `generators[${i}].git has no directories` };
    const patterns: DirectoryPattern[] = [];
    for (const [j, d] of git.directories.entries()) {
      if (!isRecord(d) || typeof d.path !== 'string') return { ok: false, reason: `generators[${i}].git.directories[${j}].path is not a string` };
      patterns.push({ path: d.path, exclude: d.exclude === true });
    }
    const values: Record<string, string> = {};
    if (git.values !== undefined && git.values !== null) {
      if (!isRecord(git.values)) return { ok: false, reason: `generators[${i}].git.values is not a mapping` };
      for (const [k, v] of Object.entries(git.values)) {
        if (typeof v !== 'string') return { ok: false, reason: `generators[${i}].git.values.${k} is not a string` };
        values[k] = v;
      }
    }
    const prefix = typeof git.pathParamPrefix === 'string' && git.pathParamPrefix !== '' ? git.pathParamPrefix : undefined;
    generators.push({ patterns, values, ...(prefix ? { prefix } : {}) });
  }
  return { ok: true, generators };
}

/** Argo CD's filterPaths for one generator. */
export function generatorSelects(patterns: readonly DirectoryPattern[], path: string): boolean {
  let include = false;
  let exclude = false;
  for (const p of patterns) {
    if (!goPathMatch(p.path, path)) continue;
    if (p.exclude) exclude = true;
    else include = true;
  }
  return include && !exclude;
}

/** Every include pattern of every git directory generator in the cluster folders: what the directory listing must cover. */
export function generatorPatterns(objects: readonly ClusterObject[]): string[] {
  const out = new Set<string>();
  for (const o of objects) {
    if (!isArgoKind(o, 'ApplicationSet') || !isRecord(o.object.spec)) continue;
    const read = readGenerators(o.object.spec);
    if (!read.ok) continue;
    for (const g of read.generators) for (const p of g.patterns) if (!p.exclude) out.add(p.path);
  }
  return [...out].sort();
}

function expandApplicationSet(o: ClusterObject, directories: readonly RepoDirectory[]): { applications: DeclaredApplication[]; problems: Unevaluable[] } {
  const fail = (reason: string) => ({ applications: [], problems: [{ origin: o.origin, message: `ApplicationSet ${o.name}: ${reason}` }] });
  const spec = o.object.spec;
  if (!isRecord(spec)) return fail('spec is not a mapping');
  if (spec.templatePatch !== undefined) return fail('templatePatch is not evaluated by the check');
  if (!isRecord(spec.template)) return fail('it has no template');
  const read = readGenerators(spec);
  if (!read.ok) return fail(read.reason);
  const goTemplate = spec.goTemplate === true;
  const applications: DeclaredApplication[] = [];
  for (const generator of read.generators) {
    for (const dir of directories) {
      if (!generatorSelects(generator.patterns, dir.path)) continue;
      const params: DirectoryParams = { path: dir.path, values: {}, ...(generator.prefix ? { prefix: generator.prefix } : {}) };
      // Generator values are templates over the path parameters themselves.
      const values: Record<string, string> = {};
      for (const [k, v] of Object.entries(generator.values)) {
        const r = renderTemplateString(v, goTemplate, params);
        if (!r.ok) return fail(`values.${k}: ${r.reason}`);
        values[k] = r.text;
      }
      const rendered = renderDeep(spec.template, (s) => renderTemplateString(s, goTemplate, params, values));
      if (!rendered.ok) return fail(`${rendered.reason} (for ${dir.path})`);
      const app = readApplicationSpec(rendered.value as Record<string, unknown>);
      if (!app.ok) return fail(`the template for ${dir.path}: ${app.reason}`);
      applications.push({ ...app.spec, origin: o.origin, generatedBy: o.name, paths: pathsOf(app.spec) });
    }
  }
  return { applications, problems: [] };
}

/** The Applications of one cluster folder: declared ones and generated ones. */
export function applicationsOf(objects: readonly ClusterObject[], directories: readonly RepoDirectory[]): { applications: DeclaredApplication[]; problems: Unevaluable[] } {
  const applications: DeclaredApplication[] = [];
  const problems: Unevaluable[] = [];
  for (const o of objects) {
    if (isArgoKind(o, 'Application')) {
      const app = readApplicationSpec(o.object);
      if (app.ok) applications.push({ ...app.spec, origin: o.origin, paths: pathsOf(app.spec) });
      else problems.push({ origin: o.origin, message: `Application ${o.name}: ${app.reason}` });
    } else if (isArgoKind(o, 'ApplicationSet')) {
      const expanded = expandApplicationSet(o, directories);
      applications.push(...expanded.applications);
      problems.push(...expanded.problems);
    }
  }
  return { applications, problems };
}
