// Deciding: the two glob dialects Argo CD matches AppProject and ApplicationSet fields with,
// written here from their documented syntax (not ported):
//
// - `gobwas`: github.com/gobwas/glob v1.0.0, behind Argo CD's util/glob (sourceRepos with '/'
//   as the separator, destinations with none). `*` any run of non-separators, `**` any run,
//   `?` one non-separator, `[abc]` / `[a-c]` / `[!…]` (a set, or exactly one range), `{a,b}`
//   alternatives, `\` escapes.
// - `gopath`: Go's path.Match / filepath.Match (kinds and groups, the git directory generator's
//   paths). `*` any run of non-'/', `?` one non-'/', `[…]` classes of chars and ranges with a
//   leading `^` to negate, `\` escapes. No alternatives, no `**` (two stars are one).
//
// A malformed pattern matches nothing, as in Argo CD (it logs the compile error and moves on).
// Matching runs a Thompson NFA: time is pattern length × text length, whatever the pattern,
// so a hostile AppProject cannot make the check backtrack for ever.

export type GlobDialect = 'gobwas' | 'gopath';

type Pred = (c: number) => boolean;
type Node = { t: 'char'; pred: Pred } | { t: 'star'; pred: Pred } | { t: 'alt'; branches: Node[][] };

export type CompiledGlob = { ok: true; match: (text: string) => boolean } | { ok: false; reason: string };

/** Patterns longer than this are refused as malformed (no real AppProject needs more). */
export const MAX_PATTERN_CHARS = 1024;

const SLASH = '/'.codePointAt(0)!;

class Cursor {
  readonly chars: number[];
  pos = 0;
  constructor(text: string) {
    this.chars = Array.from(text, (c) => c.codePointAt(0)!);
  }
  get done(): boolean {
    return this.pos >= this.chars.length;
  }
  peek(offset = 0): number | undefined {
    return this.chars[this.pos + offset];
  }
  next(): number | undefined {
    return this.chars[this.pos++];
  }
}

const ch = (s: string) => s.codePointAt(0)!;

class GlobSyntaxError extends Error {}

// ---- gobwas ----------------------------------------------------------------------------

function gobwasClass(cur: Cursor): Pred {
  // Called after '['. Optional '!', then either `lo-hi` or a non-empty set, then ']'.
  let negated = false;
  if (cur.peek() === ch('!')) {
    negated = true;
    cur.next();
  }
  const first = cur.next();
  if (first === undefined) throw new GlobSyntaxError('unclosed [');
  let pred: Pred;
  if (cur.peek() === ch('-')) {
    cur.next();
    const hi = cur.next();
    if (hi === undefined) throw new GlobSyntaxError('unclosed [');
    if (hi < first) throw new GlobSyntaxError('range hi character is less than lo');
    pred = (c) => c >= first && c <= hi;
  } else {
    cur.pos--; // the first character belongs to the set
    const set = new Set<number>();
    for (;;) {
      const c = cur.peek();
      if (c === undefined) throw new GlobSyntaxError('unclosed [');
      if (c === ch(']')) break;
      cur.next();
      if (c === ch('\\')) {
        const escaped = cur.next();
        if (escaped === undefined) throw new GlobSyntaxError('trailing backslash');
        set.add(escaped);
      } else set.add(c);
    }
    if (set.size === 0) throw new GlobSyntaxError('empty character class');
    pred = (c) => set.has(c);
  }
  if (cur.next() !== ch(']')) throw new GlobSyntaxError('expected ]');
  return negated ? (c) => !pred(c) : pred;
}

function gobwasSequence(cur: Cursor, separators: ReadonlySet<number>, depth: number): { nodes: Node[]; end: 'eof' | 'comma' | 'close' } {
  const nodes: Node[] = [];
  const notSep: Pred = (c) => !separators.has(c);
  for (;;) {
    const c = cur.next();
    if (c === undefined) return { nodes, end: 'eof' };
    if (depth > 0 && c === ch(',')) return { nodes, end: 'comma' };
    if (depth > 0 && c === ch('}')) return { nodes, end: 'close' };
    if (c === ch('*')) {
      const superStar = cur.peek() === ch('*');
      if (superStar) cur.next();
      nodes.push({ t: 'star', pred: superStar ? () => true : notSep });
    } else if (c === ch('?')) nodes.push({ t: 'char', pred: notSep });
    else if (c === ch('[')) nodes.push({ t: 'char', pred: gobwasClass(cur) });
    else if (c === ch('{')) {
      if (depth >= 32) throw new GlobSyntaxError('alternatives nested too deep');
      const branches: Node[][] = [];
      for (;;) {
        const part = gobwasSequence(cur, separators, depth + 1);
        branches.push(part.nodes);
        if (part.end === 'close') break;
        if (part.end === 'eof') throw new GlobSyntaxError('unclosed {');
      }
      nodes.push({ t: 'alt', branches });
    } else if (c === ch('\\')) {
      const escaped = cur.next();
      if (escaped === undefined) throw new GlobSyntaxError('trailing backslash');
      nodes.push({ t: 'char', pred: (x) => x === escaped });
    } else nodes.push({ t: 'char', pred: (x) => x === c });
  }
}

// ---- Go path.Match ---------------------------------------------------------------------

function goClassChar(cur: Cursor): number {
  let c = cur.next();
  if (c === undefined || c === ch('-') || c === ch(']')) throw new GlobSyntaxError('bad character class');
  if (c === ch('\\')) {
    c = cur.next();
    if (c === undefined) throw new GlobSyntaxError('trailing backslash');
  }
  if (cur.done) throw new GlobSyntaxError('unclosed [');
  return c;
}

function goClass(cur: Cursor): Pred {
  let negated = false;
  if (cur.peek() === ch('^')) {
    negated = true;
    cur.next();
  }
  const ranges: [number, number][] = [];
  for (;;) {
    if (cur.peek() === ch(']') && ranges.length > 0) {
      cur.next();
      break;
    }
    const lo = goClassChar(cur);
    let hi = lo;
    if (cur.peek() === ch('-')) {
      cur.next();
      hi = goClassChar(cur);
    }
    ranges.push([lo, hi]);
  }
  const inClass: Pred = (c) => ranges.some(([lo, hi]) => lo <= c && c <= hi);
  return negated ? (c) => !inClass(c) : inClass;
}

function goPathSequence(cur: Cursor): Node[] {
  const nodes: Node[] = [];
  const notSlash: Pred = (c) => c !== SLASH;
  for (;;) {
    const c = cur.next();
    if (c === undefined) return nodes;
    if (c === ch('*')) {
      if (nodes.at(-1)?.t !== 'star') nodes.push({ t: 'star', pred: notSlash });
    } else if (c === ch('?')) nodes.push({ t: 'char', pred: notSlash });
    else if (c === ch('[')) nodes.push({ t: 'char', pred: goClass(cur) });
    else if (c === ch('\\')) {
      const escaped = cur.next();
      if (escaped === undefined) throw new GlobSyntaxError('trailing backslash');
      nodes.push({ t: 'char', pred: (x) => x === escaped });
    } else nodes.push({ t: 'char', pred: (x) => x === c });
  }
}

// ---- NFA -------------------------------------------------------------------------------

type State = { kind: 'char'; pred: Pred; next: number } | { kind: 'split'; next: number[] } | { kind: 'accept' };

/** Build states for `nodes` so that their end leads to `next`; returns the entry state. */
function build(nodes: readonly Node[], next: number, states: State[]): number {
  let entry = next;
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    if (node.t === 'char') {
      states.push({ kind: 'char', pred: node.pred, next: entry });
      entry = states.length - 1;
    } else if (node.t === 'star') {
      const loop = states.length;
      states.push({ kind: 'split', next: [] });
      states.push({ kind: 'char', pred: node.pred, next: loop });
      (states[loop] as { next: number[] }).next = [loop + 1, entry];
      entry = loop;
    } else {
      const starts = node.branches.map((b) => build(b, entry, states));
      states.push({ kind: 'split', next: starts });
      entry = states.length - 1;
    }
  }
  return entry;
}

function nfaMatcher(nodes: Node[]): (text: string) => boolean {
  const states: State[] = [{ kind: 'accept' }];
  const start = build(nodes, 0, states);
  const closure = (from: Iterable<number>): Set<number> => {
    const out = new Set<number>();
    const stack = [...from];
    while (stack.length) {
      const s = stack.pop()!;
      if (out.has(s)) continue;
      out.add(s);
      const st = states[s]!;
      if (st.kind === 'split') stack.push(...st.next);
    }
    return out;
  };
  return (text) => {
    let current = closure([start]);
    for (const c of text) {
      const code = c.codePointAt(0)!;
      const next: number[] = [];
      for (const s of current) {
        const st = states[s]!;
        if (st.kind === 'char' && st.pred(code)) next.push(st.next);
      }
      if (next.length === 0) return false;
      current = closure(next);
    }
    return current.has(0);
  };
}

const compiled = new Map<string, CompiledGlob>();

/** Compile `pattern` in `dialect`; `separators` only for gobwas. Cached (patterns repeat across networks). */
export function compileGlob(pattern: string, dialect: GlobDialect, separators = ''): CompiledGlob {
  const key = `${dialect}\u0000${separators}\u0000${pattern}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  let result: CompiledGlob;
  if (pattern.length > MAX_PATTERN_CHARS) result = { ok: false, reason: `longer than ${MAX_PATTERN_CHARS} characters` };
  else {
    try {
      const cur = new Cursor(pattern);
      const nodes = dialect === 'gobwas' ? gobwasSequence(cur, new Set(Array.from(separators, (c) => c.codePointAt(0)!)), 0).nodes : goPathSequence(cur);
      result = { ok: true, match: nfaMatcher(nodes) };
    } catch (error) {
      if (!(error instanceof GlobSyntaxError)) throw error;
      result = { ok: false, reason: error.message };
    }
  }
  if (compiled.size > 10_000) compiled.clear();
  compiled.set(key, result);
  return result;
}

/** gobwas/glob `Match` as Argo CD's util/glob calls it: a malformed pattern matches nothing. */
export function gobwasMatch(pattern: string, text: string, separators = ''): boolean {
  const g = compileGlob(pattern, 'gobwas', separators);
  return g.ok && g.match(text);
}

/** Go's path.Match / filepath.Match (on '/' systems) with Argo CD's `ok && err == nil`. */
export function goPathMatch(pattern: string, text: string): boolean {
  const g = compileGlob(pattern, 'gopath');
  return g.ok && g.match(text);
}
