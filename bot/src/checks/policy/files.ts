// Deciding: the temporary files one conftest run reads. Rendered resources go one
// file per rendered folder, documents in order; two resources conftest's results
// could not tell apart (same kind, namespace and name) go to separate files.
import type { RenderedResource } from '../../render/types.js';

export interface PolicyFile {
  file: string;
  resources: RenderedResource[];
}

/** The identity a policy result carries in its metadata (kind, namespace, name). */
export function resultKey(file: string, kind: string, namespace: string | undefined, name: string): string {
  return `${file}\u0000${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

function safeName(source: string): string {
  return source.replace(/[^A-Za-z0-9._-]+/g, '_') || 'root';
}

export function planPolicyFiles(resources: readonly RenderedResource[]): PolicyFile[] {
  const files: PolicyFile[] = [];
  const slots = new Map<string, { file: PolicyFile; keys: Set<string> }[]>();
  for (const r of resources) {
    const key = resultKey('', r.kind, r.namespace, r.name);
    let list = slots.get(r.source);
    if (!list) slots.set(r.source, (list = []));
    let slot = list.find((s) => !s.keys.has(key));
    if (!slot) {
      slot = { file: { file: `${files.length}-${safeName(r.source)}.yaml`, resources: [] }, keys: new Set() };
      list.push(slot);
      files.push(slot.file);
    }
    slot.keys.add(key);
    slot.file.resources.push(r);
  }
  return files;
}

/** JSON documents in a YAML stream: no YAML 1.1 reading can change a value. */
export function documentsText(objects: readonly unknown[]): string {
  return objects.map((o) => JSON.stringify(o)).join('\n---\n') + '\n';
}
