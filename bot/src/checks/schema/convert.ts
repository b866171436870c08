// Deciding: OpenAPI (Kubernetes' swagger definitions, CRD openAPIV3Schema) → standalone
// JSON Schemas that kubeconform compiles as draft-04. Strict: an object that lists its
// properties accepts no others unless the API says it keeps unknown fields.
export type JsonSchema = { [key: string]: unknown };

/** OpenAPI keywords that mean the same in JSON Schema draft-04 and are kept as they are. */
const KEPT = [
  'enum',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'required',
] as const;

/** Types whose YAML form may be a number as well as a string (`cpu: 1`, `memory: 1Gi`). */
const NUMBER_OR_STRING_DEFINITIONS = new Set(['io.k8s.apimachinery.pkg.api.resource.Quantity']);

const DEFINITION_REF = /^#\/definitions\/(.+)$/;

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `null` is accepted wherever a value is: the API server treats an explicit null as absent. */
function nullable(types: string[]): string[] {
  return types.includes('null') ? types : [...types, 'null'];
}

export interface ConvertContext {
  /** Called with the name of every swagger definition a `$ref` points at. */
  onRef?: (definition: string) => void;
}

/** Convert one OpenAPI schema node (and everything under it). */
export function convertNode(node: unknown, ctx: ConvertContext = {}): JsonSchema {
  if (!isObject(node)) return {};
  if (typeof node.$ref === 'string') {
    const match = DEFINITION_REF.exec(node.$ref);
    if (!match?.[1]) throw new Error(`unsupported $ref ${node.$ref}`);
    ctx.onRef?.(match[1]);
    return { $ref: `#/definitions/${match[1]}` };
  }
  if (node['x-kubernetes-int-or-string'] === true || node.format === 'int-or-string') {
    return intOrString(node);
  }

  const out: JsonSchema = {};
  for (const key of KEPT) if (node[key] !== undefined) out[key] = node[key];
  if (Array.isArray(out.required) && out.required.length === 0) delete out.required;

  if (typeof node.type === 'string') out.type = nullable([node.type]);
  else if (Array.isArray(node.type)) out.type = nullable(node.type as string[]);
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];

  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(node[key])) out[key] = (node[key] as unknown[]).map((s) => convertNode(s, ctx));
  }
  if (isObject(node.not)) out.not = convertNode(node.not, ctx);
  if (node.items !== undefined) {
    out.items = Array.isArray(node.items) ? node.items.map((s) => convertNode(s, ctx)) : convertNode(node.items, ctx);
  }

  const keepsUnknown = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (isObject(node.properties)) {
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([name, s]) => [name, convertNode(s, ctx)]));
  }
  if (isObject(node.additionalProperties)) {
    out.additionalProperties = convertNode(node.additionalProperties, ctx);
  } else if (typeof node.additionalProperties === 'boolean') {
    out.additionalProperties = node.additionalProperties;
  } else if (isObject(node.properties) && !keepsUnknown) {
    out.additionalProperties = false;
  }
  return out;
}

function intOrString(node: JsonSchema): JsonSchema {
  const stringForm: JsonSchema = { type: 'string' };
  if (typeof node.pattern === 'string') stringForm.pattern = node.pattern;
  return { oneOf: [stringForm, { type: 'integer' }, { type: 'null' }] };
}

function convertDefinition(name: string, definition: unknown, ctx: ConvertContext): JsonSchema {
  if (NUMBER_OR_STRING_DEFINITIONS.has(name)) return { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'null' }] };
  return convertNode(definition, ctx);
}

/**
 * One self-contained schema for the swagger definition `root`: the root converted in
 * place, every definition it reaches (transitively) under `definitions`, so recursive
 * types (JSONSchemaProps) stay finite.
 */
export function standaloneFromSwagger(definitions: Record<string, unknown>, root: string): JsonSchema {
  const reached = new Map<string, JsonSchema>();
  const queue: string[] = [];
  const ctx: ConvertContext = {
    onRef: (name) => {
      if (!reached.has(name) && !queue.includes(name)) queue.push(name);
    },
  };
  const schema = convertDefinition(root, definitions[root], ctx);
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (!(name in definitions)) throw new Error(`swagger definition ${name} (referenced from ${root}) does not exist`);
    reached.set(name, {});
    reached.set(name, convertDefinition(name, definitions[name], ctx));
  }
  if (reached.size > 0) schema.definitions = Object.fromEntries([...reached].sort(([a], [b]) => a.localeCompare(b)));
  return schema;
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** Every kind the swagger document serves, with the definition that describes it. */
export function swaggerKinds(definitions: Record<string, unknown>): { gvk: GroupVersionKind; definition: string }[] {
  const kinds: { gvk: GroupVersionKind; definition: string }[] = [];
  for (const [name, definition] of Object.entries(definitions)) {
    if (!isObject(definition) || !Array.isArray(definition['x-kubernetes-group-version-kind'])) continue;
    // Meta types (DeleteOptions, WatchEvent, Status) claim every group; they are never manifests.
    if (name.startsWith('io.k8s.apimachinery.pkg.apis.meta.')) continue;
    for (const gvk of definition['x-kubernetes-group-version-kind'] as GroupVersionKind[]) {
      kinds.push({ gvk: { group: gvk.group, version: gvk.version, kind: gvk.kind }, definition: name });
    }
  }
  return kinds;
}

/** The schemas of a CustomResourceDefinition manifest, one per served version. */
export function crdSchemas(crd: unknown): { gvk: GroupVersionKind; schema: JsonSchema }[] {
  if (!isObject(crd) || crd.kind !== 'CustomResourceDefinition' || !isObject(crd.spec)) return [];
  const spec = crd.spec;
  const kind = isObject(spec.names) ? String(spec.names.kind) : '';
  const group = String(spec.group ?? '');
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  return versions.filter(isObject).flatMap((version) => {
    const openApi = isObject(version.schema) ? version.schema.openAPIV3Schema : undefined;
    if (!isObject(openApi) || version.served === false) return [];
    return [{ gvk: { group, version: String(version.name), kind }, schema: convertNode(openApi) }];
  });
}
