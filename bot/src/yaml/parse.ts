import { LineCounter, parseAllDocuments, isMap, isSeq, isScalar, type Document, type Node } from 'yaml';
import { expandedNodeCount, MAX_YAML_NODES, scanYamlTokens, type ScanResult } from './limits.js';

// YAML from pull requests is untrusted: its node count is bounded before it is parsed,
// duplicate keys are errors, alias expansion is bounded (billion-laughs), and errors carry a line.

export interface YamlProblem {
  message: string;
  line?: number;
  /** What kind of limit the text broke, when it broke one: the finding's rule says so. */
  limit?: 'too-many-nodes' | 'too-deep';
}

export interface ParsedYaml {
  docs: { value: unknown; line: number; doc: Document }[];
  problems: YamlProblem[];
  lineCounter: LineCounter;
}

export const MAX_YAML_BYTES = 2 * 1024 * 1024;
const MAX_ALIAS_COUNT = 100;

/** The problem a text that breaks a node or nesting limit gets, at the line it broke it. */
export function scanProblem(scan: ScanResult, maxNodes = MAX_YAML_NODES): YamlProblem | undefined {
  if (!scan.over) return undefined;
  return scan.over.limit === 'nodes'
    ? { message: `more than ${maxNodes.toLocaleString('en')} YAML nodes (passed on this line); split the file or keep generated data out of it`, line: scan.over.line, limit: 'too-many-nodes' }
    : { message: 'flow collections ([ or {) nested more than 100 deep; write the data flatter', line: scan.over.line, limit: 'too-deep' };
}

export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const problems: YamlProblem[] = [];
  const docs: ParsedYaml['docs'] = [];
  const tooBig = scanProblem(scanYamlTokens(text));
  if (tooBig) return { docs, problems: [tooBig], lineCounter };
  let parsed: Document.Parsed[];
  try {
    parsed = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true }) as Document.Parsed[];
  } catch (error) {
    return { docs, problems: [{ message: `cannot parse YAML: ${(error as Error).message}` }], lineCounter };
  }
  if (!Array.isArray(parsed)) parsed = [parsed];
  for (const doc of parsed) {
    const start = doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0;
    const line = lineCounter.linePos(start).line;
    for (const e of doc.errors) {
      problems.push({ message: firstLine(e.message), line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line });
    }
    if (doc.errors.length > 0) continue;
    try {
      const value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      if (value === null || value === undefined) continue;
      docs.push({ value, line, doc });
    } catch (error) {
      problems.push({ message: `cannot expand YAML: ${firstLine((error as Error).message)} (aliases are limited to ${MAX_ALIAS_COUNT})`, line });
    }
  }
  return { docs, problems, lineCounter };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

/** Line (1-based) of the node at a JSON-pointer-like path inside a document, or of the deepest existing parent. */
export function lineOfPath(doc: Document, lineCounter: LineCounter, path: readonly (string | number)[]): number | undefined {
  let node: Node | null | undefined = doc.contents as Node | null;
  let line = node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(key));
      if (!pair) break;
      const keyNode = pair.key as Node | undefined;
      if (keyNode?.range) line = lineCounter.linePos(keyNode.range[0]).line;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key] as Node | null;
      if (node?.range) line = lineCounter.linePos(node.range[0]).line;
    } else break;
  }
  return line;
}

/** Reject bytes that are not UTF-8 before YAML sees them; say on which line. */
export function decodeUtf8(buffer: Buffer): { text?: string; problem?: YamlProblem } {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    return { text: decoder.decode(buffer) };
  } catch {
    let start = 0;
    let line = 1;
    while (start <= buffer.length) {
      let end = buffer.indexOf(0x0a, start);
      if (end < 0) end = buffer.length;
      try {
        decoder.decode(buffer.subarray(start, end));
      } catch {
        break;
      }
      start = end + 1;
      line++;
    }
    return { problem: { message: 'file is not valid UTF-8; save it as UTF-8', line } };
  }
}

export interface VettedYaml {
  problems: YamlProblem[];
  /** Objects kustomize will make of the file: one per document, a `*List` counts its items. */
  objects: number;
  /** Nodes with aliases expanded. */
  nodes: number;
}

/**
 * A file kustomize will parse (a resource, a patch, a replacement or configuration file, an
 * inline patch): bounded before parsing, then duplicate keys, syntax and alias expansion
 * checked the way kustomize's YAML reader would meet them (merge keys are applied, as there).
 */
export function vetYaml(text: string, maxNodes = MAX_YAML_NODES): VettedYaml {
  const scan = scanYamlTokens(text, maxNodes);
  const tooBig = scanProblem(scan, maxNodes);
  if (tooBig) return { problems: [tooBig], objects: 0, nodes: scan.tokens};
  const lineCounter = new LineCounter();
  const problems: YamlProblem[] = [];
  let objects = 0;
  let nodes = 0;
  let parsed: Document.Parsed[];
  try {
    parsed = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, merge: true }) as Document.Parsed[];
  } catch (error) {
    return { problems: [{ message: `cannot parse YAML: ${firstLine((error as Error).message)}` }], objects: 0, nodes: 0};
  }
  if (!Array.isArray(parsed)) parsed = [parsed];
  for (const doc of parsed) {
    for (const e of doc.errors) problems.push({ message: firstLine(e.message), line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line });
    if (doc.errors.length > 0) continue;
    const expanded = expandedNodeCount(doc, maxNodes - nodes);
    nodes += expanded.nodes;
    if (expanded.overAtOffset !== undefined) {
      problems.push({
        message: `aliases expand to more than ${maxNodes.toLocaleString('en')} YAML nodes (passed here); write the data out or use fewer aliases`,
        line: lineCounter.linePos(expanded.overAtOffset).line,
        limit: 'too-many-nodes',
      });
      break;
    }
    objects += objectsIn(doc);
  }
  return { problems, objects, nodes };
}

function objectsIn(doc: Document): number {
  const root = doc.contents;
  if (!isMap(root)) return root === null || (isScalar(root) && root.value === null) ? 0 : 1;
  const kind = root.get('kind');
  const items = root.get('items', true);
  return typeof kind === 'string' && kind.endsWith('List') && isSeq(items) ? items.items.length : 1;
}
