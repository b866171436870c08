// Where each schema lives, in kubeconform's schema-location template terms. One
// template serves core kinds and CRDs alike: kubeconform's `.Group` is the part of
// apiVersion before the slash, which for the core group is the version itself
// (`v1`), so core kinds land in `v1/` and nothing collides across groups.
import { join } from 'node:path';
import type { GroupVersionKind } from './convert.js';

export const SCHEMA_LOCATION_TEMPLATE = '{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json';

/** Path, relative to the schema folder, for one kind, matching SCHEMA_LOCATION_TEMPLATE. */
export function schemaFileFor(gvk: GroupVersionKind): string {
  const groupFolder = gvk.group === '' ? gvk.version : gvk.group;
  return join(groupFolder, `${gvk.kind.toLowerCase()}_${gvk.version}.json`);
}

/** The `-schema-location` argument for a generated schema folder. */
export function schemaLocation(schemaDir: string): string {
  return join(schemaDir, SCHEMA_LOCATION_TEMPLATE);
}

/** `apps/v1` → group `apps`, version `v1`; `v1` → the core group. */
export function groupVersionKind(apiVersion: string, kind: string): GroupVersionKind {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion, kind } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), kind };
}
