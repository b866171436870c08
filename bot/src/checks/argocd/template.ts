// Deciding: the ApplicationSet template forms a git directory generator's parameters are used
// with — the repository's own (`{{ .path.basename }}`, `{{ .path.path }}` with goTemplate)
// and the ones Argo CD documents for the git directory generator:
//
//   goTemplate: true   {{ .path.path }}  {{ .path.basename }}  {{ .path.basenameNormalized }}
//                      {{ index .path.segments N }}  {{ .values.KEY }}
//                      (with pathParamPrefix P: {{ .P.path.basename }} …), `{{-` / `-}}` trims
//   goTemplate: false  {{path}}  {{path.basename}}  {{path.basenameNormalized}}  {{path[N]}}
//                      {{values.KEY}}  (with pathParamPrefix P: {{P.path}} …); an unknown
//                      tag stays as written, as fasttemplate leaves it
//
// Any other Go template action (functions, pipelines, other fields) is reported as not
// evaluable rather than guessed.

export interface DirectoryParams {
  path: string;
  prefix?: string;
  values: Record<string, string>;
}

export type Rendered = { ok: true; text: string } | { ok: false; reason: string };

/** Go's path.Base. */
export function pathBase(p: string): string {
  if (p === '') return '.';
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** Argo CD's SanitizeName (basenameNormalized). */
export function sanitizeName(name: string): string {
  let out = name.toLowerCase().replace(/[^-a-z0-9.]/g, '-');
  if (out.length > 253) out = out.slice(0, 253);
  return out.replace(/^[-.]+|[-.]+$/g, '');
}

function goValue(expr: string, params: DirectoryParams, values: Record<string, string> | undefined): string | undefined {
  const prefix = params.prefix ? `\\.${params.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` : '';
  const field = new RegExp(`^${prefix}\\.path\\.(path|basename|basenameNormalized)$`).exec(expr);
  if (field) {
    const f = field[1];
    if (f === 'path') return params.path;
    const base = pathBase(params.path);
    return f === 'basename' ? base : sanitizeName(base);
  }
  const segment = new RegExp(`^index\\s+${prefix}\\.path\\.segments\\s+(\\d+)$`).exec(expr);
  if (segment) return params.path.split('/')[Number(segment[1])];
  const value = /^\.values\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expr);
  if (value && values) return Object.hasOwn(values, value[1]!) ? values[value[1]!] : undefined;
  return undefined;
}

/** Go text/template restricted to the supported actions. */
export function renderGoTemplate(text: string, params: DirectoryParams, values?: Record<string, string>): Rendered {
  let out = '';
  let rest = text;
  for (;;) {
    const open = rest.indexOf('{{');
    if (open < 0) return { ok: true, text: out + rest };
    let literal = rest.slice(0, open);
    let body = rest.slice(open + 2);
    if (/^-\s/.test(body)) {
      literal = literal.replace(/\s+$/, '');
      body = body.slice(1);
    }
    const close = body.indexOf('}}');
    if (close < 0) return { ok: false, reason: `unclosed action in ${JSON.stringify(text)}` };
    let action = body.slice(0, close);
    rest = body.slice(close + 2);
    if (/\s-$/.test(action)) {
      action = action.slice(0, -1);
      rest = rest.replace(/^\s+/, '');
    }
    const expr = action.trim();
    const value = goValue(expr, params, values);
    if (value === undefined) return { ok: false, reason: `the template action {{ ${expr} }} is not one the check can evaluate` };
    out += literal + value;
  }
}

function fastValue(tag: string, params: DirectoryParams, values: Record<string, string> | undefined): string | undefined {
  const name = params.prefix ? `${params.prefix}.path` : 'path';
  if (tag === name) return params.path;
  if (tag === `${name}.basename`) return pathBase(params.path);
  if (tag === `${name}.basenameNormalized`) return sanitizeName(pathBase(params.path));
  if (tag.startsWith(`${name}[`) && tag.endsWith(']')) {
    const index = tag.slice(name.length + 1, -1);
    if (/^\d+$/.test(index)) {
      const segment = params.path.split('/')[Number(index)];
      return segment === '' ? undefined : segment;
    }
  }
  if (values && tag.startsWith('values.')) {
    const key = tag.slice('values.'.length);
    return Object.hasOwn(values, key) ? values[key] : undefined;
  }
  return undefined;
}

/** fasttemplate as Argo CD uses it: `{{ tag }}` replaced when known, left as written when not. */
export function renderFastTemplate(text: string, params: DirectoryParams, values?: Record<string, string>): Rendered {
  // Argo CD only templates strings matching `.*{{.*}}.*` (on one line).
  if (!text.split('\n').some((line) => /\{\{.*\}\}/.test(line))) return { ok: true, text };
  let out = '';
  let rest = text;
  for (;;) {
    const open = rest.indexOf('{{');
    if (open < 0) return { ok: true, text: out + rest };
    const close = rest.indexOf('}}', open + 2);
    if (close < 0) return { ok: false, reason: `unclosed tag in ${JSON.stringify(text)}; Argo CD fails to render it` };
    const tag = rest.slice(open + 2, close);
    const value = fastValue(tag.trim(), params, values);
    out += rest.slice(0, open) + (value ?? `{{${tag}}}`);
    rest = rest.slice(close + 2);
  }
}

export function renderTemplateString(text: string, goTemplate: boolean, params: DirectoryParams, values?: Record<string, string>): Rendered {
  return goTemplate ? renderGoTemplate(text, params, values) : renderFastTemplate(text, params, values);
}

/** Every string of `value` rendered; the first failure wins. Keys are not templated. */
export function renderDeep(value: unknown, render: (s: string) => Rendered): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (typeof value === 'string') {
    const r = render(value);
    return r.ok ? { ok: true, value: r.text } : r;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const r = renderDeep(item, render);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return { ok: true, value: out };
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = renderDeep(v, render);
      if (!r.ok) return r;
      out[k] = r.value;
    }
    return { ok: true, value: out };
  }
  return { ok: true, value };
}
