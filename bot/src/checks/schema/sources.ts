// What the schemas are generated from: pinned Go modules and the files inside them.
import { parseAllDocuments } from 'yaml';
import { PINNED } from '../../tools/versions.js';
import { goModuleFiles } from './moduleFiles.js';

export interface CrdSource {
  module: string;
  version: string;
  folder: string;
  files: (rel: string) => boolean;
}

export const KUBERNETES_SWAGGER = { module: PINNED.kubernetes.module, version: PINNED.kubernetes.version, file: 'api/openapi-spec/swagger.json' };

export const CRD_SOURCES: readonly CrdSource[] = [
  // Application, AppProject, ApplicationSet.
  { module: PINNED.argocd.module, version: PINNED.argocd.version, folder: 'manifests/crds', files: (rel) => rel.endsWith('-crd.yaml') },
  {
    module: PINNED.prometheusOperator.module,
    version: PINNED.prometheusOperator.version,
    folder: 'example/prometheus-operator-crd',
    files: (rel) => /monitoring\.coreos\.com_(servicemonitors|podmonitors|prometheusrules)\.yaml$/.test(rel),
  },
];

/** Bump when the converter's output changes, so cached schemas are regenerated. */
export const CONVERTER_REVISION = 1;

/** Everything the generated schemas depend on; part of the cache folder's name. */
export function schemaStamp(): string {
  return JSON.stringify({
    kubernetes: KUBERNETES_SWAGGER.version,
    crds: CRD_SOURCES.map((s) => `${s.module}@${s.version}`),
    converter: CONVERTER_REVISION,
  });
}

export async function readSwaggerDefinitions(): Promise<Record<string, unknown>> {
  const files = await goModuleFiles(KUBERNETES_SWAGGER.module, KUBERNETES_SWAGGER.version, 'api/openapi-spec', (rel) => rel === KUBERNETES_SWAGGER.file);
  const text = files.get(KUBERNETES_SWAGGER.file);
  if (!text) throw new Error(`${KUBERNETES_SWAGGER.module}@${KUBERNETES_SWAGGER.version} has no ${KUBERNETES_SWAGGER.file}`);
  return (JSON.parse(text) as { definitions: Record<string, unknown> }).definitions;
}

/** Parsed CustomResourceDefinition documents of every CRD source. */
export async function readCrdManifests(): Promise<unknown[]> {
  const manifests: unknown[] = [];
  for (const source of CRD_SOURCES) {
    const files = await goModuleFiles(source.module, source.version, source.folder, source.files);
    if (files.size === 0) throw new Error(`${source.module}@${source.version} has no CRD manifests under ${source.folder}`);
    for (const [, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
      for (const doc of parseAllDocuments(text)) manifests.push(doc.toJS({ maxAliasCount: -1 }));
    }
  }
  return manifests;
}
