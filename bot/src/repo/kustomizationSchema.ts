// The kustomization fields the check accepts, with the shape of each value: an allow-list of
// kustomize v5's `Kustomization` type (api/types/kustomization.go). Anything not here is an
// error finding, never passed on. Fields that carry a file path say which kind of file.

/** What a path field points at; the walk resolves it and decides how to read the file. */
export type RefKind =
  | 'resource' // a file of objects, or a folder with a kustomization
  | 'component' // a folder with a kustomization of kind Component
  | 'patch' // a patch file (strategic merge or JSON 6902)
  | 'replacement' // a file of replacements
  | 'crd' // a CRD file kustomize reads for its schema
  | 'configuration' // a transformer configuration file (field specs)
  | 'generatorFile' // `[key=]path`: any bytes, become ConfigMap/Secret data
  | 'envFile'; // KEY=value lines

export type Shape =
  | 'string'
  | 'bool'
  | 'int'
  | 'stringMap'
  | 'boolMap'
  /** Inline YAML text kustomize parses (an inline patch): vetted like a file. */
  | 'yamlText'
  | { enum: readonly string[] }
  | { list: Shape }
  | { object: Readonly<Record<string, Shape>> }
  | { ref: RefKind };

const selector = { object: { group: 'string', version: 'string', kind: 'string', name: 'string', namespace: 'string', annotationSelector: 'string', labelSelector: 'string' } } as const;
const fieldSpec = { object: { group: 'string', version: 'string', kind: 'string', path: 'string', create: 'bool' } } as const;
const patch = { object: { path: { ref: 'patch' }, patch: 'yamlText', target: selector, options: 'boolMap' } } as const;
const generatorOptions = { object: { labels: 'stringMap', annotations: 'stringMap', disableNameSuffixHash: 'bool', immutable: 'bool' } } as const;
const generatorArgs = {
  name: 'string',
  namespace: 'string',
  behavior: { enum: ['create', 'replace', 'merge'] },
  literals: { list: 'string' },
  files: { list: { ref: 'generatorFile' } },
  envs: { list: { ref: 'envFile' } },
  env: { ref: 'envFile' },
  options: generatorOptions,
} as const;
const fieldOptions = { object: { delimiter: 'string', index: 'int', encoding: 'string', create: 'bool' } } as const;
const replacement = {
  object: {
    path: { ref: 'replacement' },
    source: { object: { group: 'string', version: 'string', kind: 'string', name: 'string', namespace: 'string', fieldPath: 'string', options: fieldOptions } },
    targets: { list: { object: { select: selector, reject: { list: selector }, fieldPaths: { list: 'string' }, options: fieldOptions } } },
  },
} as const;

export const KUSTOMIZATION_FIELDS: Readonly<Record<string, Shape>> = {
  apiVersion: { enum: ['kustomize.config.k8s.io/v1beta1', 'kustomize.config.k8s.io/v1alpha1'] },
  kind: { enum: ['Kustomization', 'Component'] },
  metadata: { object: { name: 'string', namespace: 'string', labels: 'stringMap', annotations: 'stringMap' } },
  namespace: 'string',
  namePrefix: 'string',
  nameSuffix: 'string',
  commonLabels: 'stringMap',
  commonAnnotations: 'stringMap',
  labels: { list: { object: { pairs: 'stringMap', includeSelectors: 'bool', includeTemplates: 'bool', fields: { list: fieldSpec } } } },
  images: { list: { object: { name: 'string', newName: 'string', newTag: 'string', digest: 'string', tagSuffix: 'string' } } },
  replicas: { list: { object: { name: 'string', count: 'int' } } },
  resources: { list: { ref: 'resource' } },
  bases: { list: { ref: 'resource' } },
  components: { list: { ref: 'component' } },
  patches: { list: patch },
  patchesJson6902: { list: patch },
  replacements: { list: replacement },
  configMapGenerator: { list: { object: generatorArgs } },
  secretGenerator: { list: { object: { ...generatorArgs, type: 'string' } } },
  generatorOptions,
  buildMetadata: { list: { enum: ['originAnnotations', 'transformerAnnotations', 'managedByLabel'] } },
  crds: { list: { ref: 'crd' } },
  configurations: { list: { ref: 'configuration' } },
  sortOptions: { object: { order: { enum: ['legacy', 'fifo'] }, legacySortOptions: { object: { orderFirst: { list: 'string' }, orderLast: { list: 'string' } } } } },
};

/** Kustomize fields the check refuses, with the rule and what to do instead. */
export const REFUSED_FIELDS: Readonly<Record<string, { rule: string; fix: string }>> = {
  helmCharts: { rule: 'input/helm', fix: 'helm charts need a download and a helm run at render time; vendor the rendered manifests instead' },
  helmGlobals: { rule: 'input/helm', fix: 'helm charts need a download and a helm run at render time; vendor the rendered manifests instead' },
  helmChartInflationGenerator: { rule: 'input/helm', fix: 'helm charts need a download and a helm run at render time; vendor the rendered manifests instead' },
  generators: { rule: 'input/plugin', fix: 'plugin configurations can name programs, URLs and files kustomize reads on its own; use configMapGenerator/secretGenerator' },
  transformers: { rule: 'input/plugin', fix: 'plugin configurations can name programs, URLs and files kustomize reads on its own; use patches, labels, images or replacements' },
  validators: { rule: 'input/plugin', fix: 'plugin configurations can name programs, URLs and files kustomize reads on its own; the check validates the rendered output itself' },
  openapi: { rule: 'input/unsupported-field', fix: 'a custom OpenAPI schema is not supported by the check; remove it' },
  patchesStrategicMerge: { rule: 'input/unsupported-field', fix: 'kustomize reads each entry as either a file or inline YAML by trial; write it as `patches: - path: <file>` (or `patch: |`)' },
  vars: { rule: 'input/unsupported-field', fix: '`vars` is deprecated; use `replacements`' },
  imageTags: { rule: 'input/unsupported-field', fix: '`imageTags` is deprecated; use `images`' },
};
