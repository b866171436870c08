import { LineCounter, parseAllDocuments } from 'yaml';
import { ORIGIN, RENDERED_FROM } from './kustomize.js';
import type { RenderedResource } from './types.js';

// Pure: kustomize's output stream → resources with their folder and origin file.

interface RawOrigin {
  path?: string;
  configuredIn?: string;
}

function parseOrigin(text: unknown): RawOrigin {
  if (typeof text !== 'string') return {};
  const out: RawOrigin = {};
  for (const line of text.split('\n')) {
    const m = /^(path|configuredIn):\s*(.+)$/.exec(line.trim());
    if (m) out[m[1] as keyof RawOrigin] = m[2]!.replace(/^["']|["']$/g, '');
  }
  return out;
}

/** `resolveOrigin` maps an origin path (relative to the aggregate kustomization) to a repo-relative file. */
export function splitRenderedOutput(
  output: string,
  resolveOrigin: (originPath: string) => string,
  networkOf: (source: string) => string | undefined,
): RenderedResource[] {
  const resources: RenderedResource[] = [];
  for (const doc of parseAllDocuments(output, { uniqueKeys: false })) {
    const obj = doc.toJS({ maxAliasCount: -1 }) as Record<string, unknown> | null;
    if (!obj || typeof obj !== 'object') continue;
    const metadata = (obj.metadata ?? {}) as Record<string, unknown>;
    const annotations = { ...((metadata.annotations ?? {}) as Record<string, string>) };
    const source = annotations[RENDERED_FROM] ?? '';
    const origin = parseOrigin(annotations[ORIGIN]);
    delete annotations[RENDERED_FROM];
    delete annotations[ORIGIN];
    const cleanMeta: Record<string, unknown> = { ...metadata };
    if (Object.keys(annotations).length > 0) cleanMeta.annotations = annotations;
    else delete cleanMeta.annotations;
    const object = { ...obj, metadata: cleanMeta };
    const originRel = origin.path ?? origin.configuredIn;
    const network = networkOf(source);
    resources.push({
      apiVersion: String(obj.apiVersion ?? ''),
      kind: String(obj.kind ?? ''),
      name: String(metadata.name ?? ''),
      ...(metadata.namespace ? { namespace: String(metadata.namespace) } : {}),
      source,
      ...(network ? { network } : {}),
      origin: { file: originRel ? resolveOrigin(originRel) : `${source}/kustomization.yaml` },
      object,
    });
  }
  return resources;
}

/** Line where the document declaring `kind`/`name` starts in a file (kustomize may have prefixed the name). */
export function locateDocument(fileText: string, kind: string, name: string): number | undefined {
  let best: { line: number; score: number } | undefined;
  const lineCounter = new LineCounter();
  let docs;
  try {
    docs = parseAllDocuments(fileText, { lineCounter });
  } catch {
    return undefined;
  }
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    type Head = { kind?: unknown; metadata?: { name?: unknown } } | null;
    let value: Head;
    try {
      value = doc.toJS({ maxAliasCount: 100 }) as Head;
    } catch {
      continue;
    }
    if (!value || value.kind !== kind || !doc.contents?.range) continue;
    const docName = String(value.metadata?.name ?? '');
    const score = docName === name ? 3 : docName && name.includes(docName) ? 2 : 1;
    const line = lineCounter.linePos(doc.contents.range[0]).line;
    if (!best || score > best.score) best = { line, score };
  }
  return best?.line;
}
