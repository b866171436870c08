// Which kinds are namespaced. Argo CD asks the cluster (API discovery); offline, the same
// answer comes from the sources the schemas are generated from: the Kubernetes OpenAPI
// document of the pinned version (a kind is namespaced when one of its API paths sits under
// /namespaces/{namespace}/) and the `spec.scope` of the pinned CRDs (Argo CD,
// prometheus-operator). CRDs rendered from the repository itself add their kinds (built-in
// kinds always win). A kind in none of them has an unknown scope: the decider never guesses it.
import { createHash, randomUUID } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheDir } from '../../tools/cache.js';
import { goModuleFiles } from '../schema/moduleFiles.js';
import { KUBERNETES_SWAGGER, readCrdManifests, schemaStamp } from '../schema/sources.js';
import type { ScopeTable } from './types.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function scopeKey(group: string, kind: string): string {
  return `${group}/${kind}`;
}

/** Deciding: the scope of every kind the OpenAPI `paths` serve. */
export function scopesFromOpenApiPaths(paths: Record<string, unknown>): ScopeTable {
  const table: ScopeTable = {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isRecord(item)) continue;
    const namespaced = path.includes('/namespaces/{namespace}/');
    for (const operation of Object.values(item)) {
      if (!isRecord(operation)) continue;
      const gvk = operation['x-kubernetes-group-version-kind'];
      if (!isRecord(gvk) || typeof gvk.kind !== 'string') continue;
      const key = scopeKey(typeof gvk.group === 'string' ? gvk.group : '', gvk.kind);
      table[key] = (table[key] ?? false) || namespaced;
    }
  }
  return table;
}

/** Deciding: the scope of every kind the CustomResourceDefinitions declare. */
export function scopesFromCrds(crds: readonly unknown[]): ScopeTable {
  const table: ScopeTable = {};
  for (const crd of crds) {
    if (!isRecord(crd) || crd.kind !== 'CustomResourceDefinition' || !isRecord(crd.spec)) continue;
    const { group, names, scope } = crd.spec;
    if (typeof group !== 'string' || !isRecord(names) || typeof names.kind !== 'string') continue;
    if (scope !== 'Namespaced' && scope !== 'Cluster') continue;
    table[scopeKey(group, names.kind)] = scope === 'Namespaced';
  }
  return table;
}

/** Bump when the table's derivation changes, so the cached file is rebuilt. */
const SCOPES_REVISION = 1;

/**
 * Doing: the scope table of the pinned Kubernetes version and CRDs, built once from the Go
 * module cache and kept as a small JSON file next to the generated schemas.
 */
export async function ensureScopeTable(): Promise<ScopeTable> {
  const stamp = createHash('sha256').update(`${schemaStamp()}|scopes:${SCOPES_REVISION}`).digest('hex').slice(0, 12);
  const dir = await cacheDir('scopes', KUBERNETES_SWAGGER.version);
  const file = join(dir, `${stamp}.json`);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as ScopeTable;
  } catch {
    // not built yet (or unreadable): build it
  }
  const files = await goModuleFiles(KUBERNETES_SWAGGER.module, KUBERNETES_SWAGGER.version, 'api/openapi-spec', (rel) => rel === KUBERNETES_SWAGGER.file);
  const text = files.get(KUBERNETES_SWAGGER.file);
  if (!text) throw new Error(`${KUBERNETES_SWAGGER.module}@${KUBERNETES_SWAGGER.version} has no ${KUBERNETES_SWAGGER.file}`);
  const swagger = JSON.parse(text) as { paths?: Record<string, unknown> };
  const table = { ...scopesFromCrds(await readCrdManifests()), ...scopesFromOpenApiPaths(swagger.paths ?? {}) };
  const temp = join(dir, `.tmp-${randomUUID()}`);
  try {
    await writeFile(temp, JSON.stringify(table));
    await rename(temp, file);
  } finally {
    await rm(temp, { force: true });
  }
  return table;
}
