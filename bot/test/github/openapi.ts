// GitHub's published REST description (from @octokit/openapi), used to check that every
// request the bot makes is one GitHub would accept: known path, allowed method, valid
// parameters and body. Requests only; responses are the stand-in's own business.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonObject;
}

interface Operation {
  operationId: string;
  method: string;
  template: string;
  parameters: Parameter[];
  body?: { required: boolean; contentTypes: string[]; jsonSchema?: JsonObject };
}

interface Route {
  template: string;
  regex: RegExp;
  paramNames: string[];
  literalSegments: number;
  methods: Map<string, Operation>;
}

export interface RequestToCheck {
  method: string;
  /** Path without the `/api/v3` prefix and without the query string, still URL-encoded. */
  path: string;
  query: Record<string, string | string[]>;
  /** Parsed JSON body, or undefined when there was none. */
  body?: unknown;
  contentType?: string;
}

export interface CheckResult {
  /** Undefined when no operation matched the path and method. */
  operationId?: string;
  template?: string;
  pathParams: Record<string, string>;
  violations: string[];
  /** The HTTP status GitHub answers such a request with: 404 unknown route, 422 invalid input. */
  rejectStatus?: 404 | 422;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
// Parameters that carry slashes when a client does not encode them (refs, file paths, base...head).
const MULTI_SEGMENT_PARAMS = new Set(['path', 'ref', 'basehead']);

export function openApiFile(): string {
  const require = createRequire(import.meta.url);
  // The description with `$ref`s kept is 13 MB and parses in ~0.2 s; the dereferenced one is
  // 73 MB and takes ~1 s. Refs are resolved per operation, when it is first used.
  return require.resolve('@octokit/openapi/generated/api.github.com.json');
}

/** A compiled view of GitHub's REST description; build it once with `githubApi()`. */
export class GitHubApi {
  private readonly routes: Route[];
  private readonly validators = new Map<string, { params: ValidateFunction; body?: ValidateFunction }>();
  private readonly ajvParams = newAjv(true);
  private readonly ajvBody = newAjv(false);

  constructor(private readonly spec: JsonObject) {
    this.routes = buildRoutes(spec, (ref) => this.lookup(ref));
  }

  /** Find the operation for a request and list everything about it GitHub would reject. */
  check(request: RequestToCheck): CheckResult {
    const method = request.method.toLowerCase();
    const label = `${request.method.toUpperCase()} ${request.path}`;
    const matches = this.routes.map((route) => ({ route, m: route.regex.exec(request.path) })).filter((x) => x.m !== null);
    if (matches.length === 0) {
      return { pathParams: {}, violations: [`${label}: no such path in GitHub's REST API`], rejectStatus: 404 };
    }
    const hit = matches.find((x) => x.route.methods.has(method));
    if (!hit) {
      const allowed = [...new Set(matches.flatMap((x) => [...x.route.methods.keys()]))].map((m) => m.toUpperCase());
      return {
        template: matches[0]!.route.template,
        pathParams: {},
        violations: [`${label}: method not allowed on ${matches[0]!.route.template} (allowed: ${allowed.join(', ')})`],
        rejectStatus: 404,
      };
    }
    const { route, m } = hit;
    const operation = route.methods.get(method)!;
    const pathParams: Record<string, string> = {};
    route.paramNames.forEach((name, i) => {
      pathParams[name] = safeDecode(m![i + 1]!);
    });
    const violations = this.checkInputs(operation, pathParams, request).map((v) => `${operation.operationId} (${label}): ${v}`);
    return {
      operationId: operation.operationId,
      template: route.template,
      pathParams,
      violations,
      rejectStatus: violations.length > 0 ? 422 : undefined,
    };
  }

  private checkInputs(operation: Operation, pathParams: Record<string, string>, request: RequestToCheck): string[] {
    const validators = this.validatorsFor(operation);
    const violations: string[] = [];
    const known = new Set(operation.parameters.filter((p) => p.in === 'query').map((p) => p.name));
    for (const name of Object.keys(request.query)) {
      if (!known.has(name)) violations.push(`unknown query parameter "${name}"`);
    }
    // Coercion rewrites the object it checks; hand ajv copies.
    const params = { path: { ...pathParams }, query: structuredClone(request.query) };
    if (!validators.params(params)) violations.push(...describe(validators.params.errors));

    const body = operation.body;
    if (request.body === undefined) {
      if (body?.required) violations.push('a request body is required');
    } else if (!body) {
      if (!isEmptyBody(request.body)) violations.push('this operation takes no request body');
    } else if (validators.body) {
      if (request.contentType && !request.contentType.includes('json')) {
        violations.push(`content-type "${request.contentType}" where JSON is expected`);
      } else if (!validators.body(request.body)) {
        violations.push(...describe(validators.body.errors, 'body'));
      }
    }
    return violations;
  }

  private validatorsFor(operation: Operation): { params: ValidateFunction; body?: ValidateFunction } {
    const cached = this.validators.get(operation.operationId);
    if (cached) return cached;
    const section = (where: 'path' | 'query'): JsonObject => {
      const list = operation.parameters.filter((p) => p.in === where);
      const properties: JsonObject = {};
      for (const p of list) properties[p.name] = this.resolve(p.schema ?? {});
      return { type: 'object', properties, required: list.filter((p) => p.required || where === 'path').map((p) => p.name) };
    };
    const paramsSchema = { type: 'object', properties: { path: section('path'), query: section('query') } };
    const jsonSchema = operation.body?.jsonSchema;
    const compiled = {
      params: this.ajvParams.compile(paramsSchema),
      body: jsonSchema ? this.ajvBody.compile(this.resolve(jsonSchema) as object) : undefined,
    };
    this.validators.set(operation.operationId, compiled);
    return compiled;
  }

  private lookup(ref: string): Json {
    if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref} in GitHub's description`);
    let node: Json = this.spec;
    for (const part of ref.slice(2).split('/')) {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      if (node === null || typeof node !== 'object' || Array.isArray(node) || !(key in node)) {
        throw new Error(`$ref ${ref} points nowhere in GitHub's description`);
      }
      node = node[key]!;
    }
    return node;
  }

  /** Inline `$ref`s; a reference back into itself (a recursive schema) becomes "anything". */
  private resolve(node: Json, trail: string[] = []): Json {
    if (Array.isArray(node)) return node.map((x) => this.resolve(x, trail));
    if (node === null || typeof node !== 'object') return node;
    const ref = node.$ref;
    if (typeof ref === 'string') {
      if (trail.includes(ref)) return {};
      return this.resolve(this.lookup(ref), [...trail, ref]);
    }
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      // Examples and descriptions are not constraints; skip walking them.
      out[key] = key === 'example' || key === 'examples' || key === 'description' ? value : this.resolve(value, trail);
    }
    return out;
  }
}

function newAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    logger: false,
    // Query strings arrive as text; `?per_page=50` is an integer to GitHub.
    coerceTypes: coerce ? 'array' : false,
  });
  addFormats(ajv);
  // Formats GitHub names that are not JSON Schema formats; their type already constrains them.
  for (const name of ['int32', 'int64', 'double', 'repo.nwo', 'timestamp', 'binary', 'uri-template']) ajv.addFormat(name, true);
  return ajv;
}

function buildRoutes(spec: JsonObject, lookup: (ref: string) => Json): Route[] {
  const deref = (x: Json): JsonObject => {
    const o = x as JsonObject;
    return typeof o.$ref === 'string' ? (lookup(o.$ref) as JsonObject) : o;
  };
  const routes: Route[] = [];
  for (const [template, item] of Object.entries(spec.paths as JsonObject)) {
    const pathItem = item as JsonObject;
    const shared = ((pathItem.parameters as Json[]) ?? []).map(deref);
    const paramNames: string[] = [];
    const segments = template.split('/').slice(1);
    const pattern = segments
      .map((segment) =>
        segment.replace(/\{([^}]+)\}|[^{}]+/g, (whole, name?: string) => {
          if (!name) return escapeRegex(whole);
          paramNames.push(name);
          return MULTI_SEGMENT_PARAMS.has(name) ? '(.+)' : '([^/]+)';
        }),
      )
      .join('/');
    const methods = new Map<string, Operation>();
    for (const method of HTTP_METHODS) {
      const op = pathItem[method] as JsonObject | undefined;
      if (!op) continue;
      const own = ((op.parameters as Json[]) ?? []).map(deref);
      const byKey = new Map<string, JsonObject>();
      for (const p of [...shared, ...own]) byKey.set(`${String(p.in)}:${String(p.name)}`, p);
      const requestBody = op.requestBody ? deref(op.requestBody) : undefined;
      const content = (requestBody?.content ?? {}) as JsonObject;
      const jsonType = Object.keys(content).find((t) => t.includes('json'));
      methods.set(method, {
        operationId: String(op.operationId),
        method,
        template,
        parameters: [...byKey.values()] as unknown as Parameter[],
        body: requestBody
          ? {
              required: requestBody.required === true,
              contentTypes: Object.keys(content),
              jsonSchema: jsonType ? ((content[jsonType] as JsonObject).schema as JsonObject) : undefined,
            }
          : undefined,
      });
    }
    routes.push({
      template,
      regex: new RegExp(`^/${pattern}/?$`),
      paramNames,
      literalSegments: segments.filter((s) => !s.includes('{')).length,
      methods,
    });
  }
  // Most literal segments first, so `/commits/{ref}/check-runs` wins over `/commits/{ref}`.
  return routes.sort((a, b) => b.literalSegments - a.literalSegments || a.paramNames.length - b.paramNames.length);
}

function describe(errors: ErrorObject[] | null | undefined, root = ''): string[] {
  return (errors ?? []).map((e) => {
    const where = `${root}${e.instancePath.replace(/\//g, '.')}` || 'request';
    const extra = e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
    return `${where.replace(/^\./, '')} ${e.message ?? 'is invalid'}${extra}`;
  });
}

function isEmptyBody(body: unknown): boolean {
  return body === null || body === '' || (typeof body === 'object' && Object.keys(body as object).length === 0);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

let shared: GitHubApi | undefined;

/** The description, parsed once per process on first use. */
export function githubApi(): GitHubApi {
  shared ??= new GitHubApi(JSON.parse(readFileSync(openApiFile(), 'utf8')) as JsonObject);
  return shared;
}
