import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import { roleOf } from '../model/network.js';
import { resourceKey, type RenderedResource } from '../render/types.js';
import type { FieldChange, ResourceChange } from './types.js';

// Pure: two renders → per-resource changes. Secret values never leave this module.

const REDACTED = '<redacted>';

/** A copy of the object safe to show: Secret data/stringData values replaced. */
export function redactForDisplay(r: Pick<RenderedResource, 'kind' | 'object'>): Record<string, unknown> {
  if (r.kind !== 'Secret') return r.object;
  const copy: Record<string, unknown> = { ...r.object };
  for (const field of ['data', 'stringData']) {
    const values = copy[field];
    if (values && typeof values === 'object') {
      copy[field] = Object.fromEntries(Object.keys(values).map((k) => [k, REDACTED]));
    }
  }
  return copy;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function keyedByName(list: unknown[]): Map<string, unknown> | undefined {
  const map = new Map<string, unknown>();
  for (const item of list) {
    if (!isObject(item) || typeof item.name !== 'string' || map.has(item.name)) return undefined;
    map.set(item.name, item);
  }
  return map;
}

/** Leaf-level differences; lists of named items (containers, env, ports) are matched by name. */
export function diffFields(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const join = (k: string) => (path ? `${path}.${k}` : k);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffFields(before[k], after[k], join(k)));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const b = keyedByName(before);
    const a = keyedByName(after);
    if (a && b) {
      const names = [...new Set([...b.keys(), ...a.keys()])];
      return names.flatMap((n) => diffFields(b.get(n), a.get(n), `${path}[name=${n}]`));
    }
    if (before.length === after.length) return before.flatMap((v, i) => diffFields(v, after[i], `${path}[${i}]`));
  }
  const change: FieldChange = { path: path || '.' };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  return [change];
}

/** A unified diff without the `===` header lines, three lines of context. */
export function unifiedDiff(beforeLabel: string, afterLabel: string, before: string, after: string): string {
  return createTwoFilesPatch(beforeLabel, afterLabel, before, after, '', '', { context: 3 }).split('\n').slice(2).join('\n');
}

function toYaml(r: RenderedResource | undefined): string {
  return r ? stringify(redactForDisplay(r), { lineWidth: 0 }) : '';
}

export function diffRenders(base: readonly RenderedResource[], head: readonly RenderedResource[]): ResourceChange[] {
  const key = (r: RenderedResource) => `${r.source}|${resourceKey(r)}`;
  const baseMap = new Map(base.map((r) => [key(r), r]));
  const headMap = new Map(head.map((r) => [key(r), r]));
  const changes: ResourceChange[] = [];
  for (const k of new Set([...baseMap.keys(), ...headMap.keys()])) {
    const b = baseMap.get(k);
    const h = headMap.get(k);
    const ref = (h ?? b)!;
    if (b && h && JSON.stringify(b.object) === JSON.stringify(h.object)) continue;
    const change: ResourceChange['change'] = !b ? 'added' : !h ? 'removed' : 'modified';
    const fields = b && h ? diffFields(b.object, h.object) : [];
    const role = roleOf(h ?? b!);
    const label = `${ref.kind}/${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
    changes.push({
      source: ref.source,
      ...(ref.network ? { network: ref.network } : {}),
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      name: ref.name,
      ...(ref.namespace ? { namespace: ref.namespace } : {}),
      change,
      ...(role ? { role } : {}),
      fields: ref.kind === 'Secret' ? fields.map((f) => ({ path: f.path })) : fields,
      unified: unifiedDiff(b ? label : '/dev/null', h ? label : '/dev/null', toYaml(b), toYaml(h)),
    });
  }
  return sortChanges(changes);
}

/** Report order: by folder, then kind, then name. */
export function sortChanges(changes: ResourceChange[]): ResourceChange[] {
  return changes.sort((x, y) => x.source.localeCompare(y.source) || x.kind.localeCompare(y.kind) || x.name.localeCompare(y.name));
}
