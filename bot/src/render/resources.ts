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

interface DocumentHead {
  kind: unknown;
  name: string;
  line: number;
}

// A file's document heads, parsed once: every resource of a render asks about its origin
// file, and a file of N documents would otherwise be parsed N times (N² — 400 objects in one
// file took 20 s). Keyed by the text itself; the few most recent files are kept.
const headsCache = new Map<string, DocumentHead[]>();
const HEADS_CACHE_FILES = 64;

function documentHeads(fileText: string): DocumentHead[] {
  const cached = headsCache.get(fileText);
  if (cached) return cached;
  const heads: DocumentHead[] = [];
  const lineCounter = new LineCounter();
  let docs: ReturnType<typeof parseAllDocuments> = [];
  try {
    docs = parseAllDocuments(fileText, { lineCounter });
  } catch {
    // no heads: the resource keeps the line kustomize gave
  }
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    type Head = { kind?: unknown; metadata?: { name?: unknown } } | null;
    let value: Head;
    try {
      value = doc.toJS({ maxAliasCount: 100 }) as Head;
    } catch {
      continue;
    }
    if (!value || !doc.contents?.range) continue;
    heads.push({ kind: value.kind, name: String(value.metadata?.name ?? ''), line: lineCounter.linePos(doc.contents.range[0]).line });
  }
  if (headsCache.size >= HEADS_CACHE_FILES) headsCache.delete(headsCache.keys().next().value!);
  headsCache.set(fileText, heads);
  return heads;
}

/** Line where the document declaring `kind`/`name` starts in a file (kustomize may have prefixed the name). */
export function locateDocument(fileText: string, kind: string, name: string): number | undefined {
  let best: { line: number; score: number } | undefined;
  for (const head of documentHeads(fileText)) {
    if (head.kind !== kind) continue;
    const score = head.name === name ? 3 : head.name && name.includes(head.name) ? 2 : 1;
    if (!best || score > best.score) best = { line: head.line, score };
  }
  return best?.line;
}
