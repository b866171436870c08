// Deciding: which rendered resources go into which temporary file, so ONE kubeconform
// process sees them all and each result (file, kind, apiVersion, name: kubeconform
// reports no namespace) points back at exactly one resource.
import type { RenderedResource } from '../../render/types.js';

export interface SchemaBatch {
  /** File name inside the temporary folder. */
  file: string;
  resources: RenderedResource[];
}

/** The identity kubeconform reports a result under, within one file. */
export function batchKey(file: string, kind: string, apiVersion: string, name: string): string {
  return `${file}\u0000${apiVersion}\u0000${kind}\u0000${name}`;
}

function safeName(source: string): string {
  return source.replace(/[^A-Za-z0-9._-]+/g, '_') || 'root';
}

/** One file per rendered folder; a folder with two resources kubeconform could not tell apart spills into another file. */
export function planBatches(resources: readonly RenderedResource[]): SchemaBatch[] {
  const batches: SchemaBatch[] = [];
  const bySource = new Map<string, { batch: SchemaBatch; keys: Set<string> }[]>();
  for (const resource of resources) {
    const key = batchKey('', resource.kind, resource.apiVersion, resource.name);
    let files = bySource.get(resource.source);
    if (!files) bySource.set(resource.source, (files = []));
    let slot = files.find((f) => !f.keys.has(key));
    if (!slot) {
      slot = { batch: { file: `${batches.length}-${safeName(resource.source)}.yaml`, resources: [] }, keys: new Set() };
      files.push(slot);
      batches.push(slot.batch);
    }
    slot.keys.add(key);
    slot.batch.resources.push(resource);
  }
  return batches;
}

/** A batch as a multi-document stream. JSON documents, so no YAML 1.1 reading (`n` as false) can change a value. */
export function batchText(batch: SchemaBatch): string {
  return batch.resources.map((r) => JSON.stringify(r.object)).join('\n---\n') + '\n';
}
