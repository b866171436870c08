import { isAlias, isCollection, isPair, type Document, type Node } from 'yaml';

// Bounds on what one YAML text may cost before and after it is parsed. The parser costs about
// a kilobyte and a few microseconds per node (a 2 MB flow list of a million items: 17 s and
// 1.8 GB), and so does kustomize, so the node count is bounded *before* parsing, with a scan
// that only counts: every node starts a run of non-blank characters or is a flow indicator.

/** Nodes one YAML file may hold, aliases expanded (kustomize expands them: ~2.5 KB each). */
export const MAX_YAML_NODES = 100_000;
/** Nesting of flow collections (`[[[[…`): the parser and kustomize recurse on it. */
export const MAX_FLOW_DEPTH = 100;

export interface ScanResult {
  /** Upper bound of the nodes in the text (counted until the limit was passed). */
  tokens: number;
  /** Set when a limit was passed: which, and on which line (1-based). */
  over?: { limit: 'nodes' | 'depth'; line: number };
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;

/** An over-estimate of the nodes of a YAML text, in one pass and no allocation; stops at the limit. */
export function scanYamlTokens(text: string, maxTokens = MAX_YAML_NODES, maxDepth = MAX_FLOW_DEPTH): ScanResult {
  let tokens = 0;
  let depth = 0;
  let line = 1;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) {
      line++;
      inWord = false;
    } else if (c === SPACE || c === TAB || c === CR) {
      inWord = false;
    } else if (c === 0x5b || c === 0x7b || c === 0x5d || c === 0x7d || c === 0x2c) {
      // [ { ] } , — each may start or end a node; brackets inside quotes only over-count.
      inWord = false;
      tokens++;
      if (c === 0x5b || c === 0x7b) {
        if (++depth > maxDepth) return { tokens, over: { limit: 'depth', line } };
      } else if (c !== 0x2c && depth > 0) depth--;
    } else if (!inWord) {
      inWord = true;
      tokens++;
    }
    if (tokens > maxTokens) return { tokens, over: { limit: 'nodes', line } };
  }
  return { tokens };
}

/**
 * Nodes of a parsed document with every alias replaced by what it points at — what kustomize
 * builds when it expands anchors. Counted in document order; `overAtOffset` is where the
 * count passed `limit` (the alias that did it, usually).
 */
export function expandedNodeCount(doc: Document, limit = MAX_YAML_NODES): { nodes: number; overAtOffset?: number } {
  const cap = (n: number) => Math.min(n, limit + 1);
  const sizes = new Map<unknown, number>();
  const inProgress = new Set<unknown>();
  // Expanded size of a subtree, memoized per node so each alias costs one lookup.
  const subtree = (node: unknown): number => {
    if (isAlias(node)) {
      const target = node.resolve(doc);
      return target ? subtree(target) : 1;
    }
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (inProgress.has(node)) return limit + 1; // an anchor inside itself never ends
    inProgress.add(node);
    let n = 1;
    if (isCollection(node)) {
      for (const item of node.items) n = cap(n + (isPair(item) ? subtree(item.key) + subtree(item.value) : subtree(item)));
    }
    inProgress.delete(node);
    sizes.set(node, n);
    return n;
  };
  let total = 0;
  let overAtOffset: number | undefined;
  const walk = (node: unknown): void => {
    if (overAtOffset !== undefined) return;
    if (isAlias(node)) {
      total = cap(total + subtree(node));
      if (total > limit) overAtOffset = node.range?.[0] ?? 0;
      return;
    }
    total++;
    if (total > limit) {
      overAtOffset = (node as Node | null)?.range?.[0] ?? 0;
      return;
    }
    if (isCollection(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          walk(item.key);
          walk(item.value);
        } else walk(item);
      }
    }
  };
  walk(doc.contents);
  return overAtOffset === undefined ? { nodes: total } : { nodes: total, overAtOffset };
}
