import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, visit, type Document, type Node } from 'yaml';
import { scanYamlTokens } from '../yaml/limits.js';
import { emitFlowYaml, type PlainData } from '../yaml/emit.js';
import { lineOfPath, scanProblem, vetYaml } from '../yaml/parse.js';
import { KUSTOMIZATION_FIELDS, REFUSED_FIELDS, type RefKind, type Shape } from './kustomizationSchema.js';

// Pure: a kustomization's text → the value the check vetted, every path it names (with its
// field and line), and problems. Read the way kustomize reads it, or refused where the two
// could differ: kustomize matches field names without regard to case (Go's JSON decoder) and
// applies YAML merge keys (`<<`), so anything but the exact field name is refused, and so are
// merge keys, anchors, aliases and tags. What kustomize then gets is not this text but the
// vetted value written again (`writeKustomization`), so a difference in YAML readers cannot
// smuggle anything past this reading.

export interface KustomizationProblem {
  rule: string;
  message: string;
  line?: number;
}

export interface KustomizationRef {
  kind: RefKind;
  /** The field it came from, for messages (`resources`, `patches[2].path`). */
  field: string;
  /** Where it sits in the value, for rewriting. */
  path: (string | number)[];
  ref: string;
  /** `key=` prefix of a generator file source, when written. */
  key?: string;
  line?: number;
}

export interface ReadKustomization {
  value?: Record<string, PlainData>;
  refs: KustomizationRef[];
  problems: KustomizationProblem[];
  /** Entries that transform every object in scope (patches, labels, images, …): the render's work per object. */
  transforms: number;
  /** Objects the kustomization generates itself (ConfigMaps and Secrets). */
  generated: number;
  /** Replacement targets' field paths: each copies a value into every object it selects. */
  copies: number;
  /** Nodes of inline YAML (patches) that kustomize parses. */
  inlineNodes: number;
  /** Bytes of its largest inline patch. */
  largestPatch: number;
}

/** Go's case folding, closely enough to tell a case variant of a field name. */
const fold = (s: string) => s.toUpperCase().toLowerCase();
const KNOWN = new Map([...Object.keys(KUSTOMIZATION_FIELDS), ...Object.keys(REFUSED_FIELDS)].map((k) => [fold(k), k]));

const SAFE_SEGMENT = /^[A-Za-z0-9._+-]+$/;

/** A reference kustomize might fetch or clone instead of reading from the tree. */
export function isRemoteReference(ref: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) ||
    /^git::/i.test(ref) ||
    /^[A-Za-z][A-Za-z0-9-]*@/.test(ref) ||
    /^(www\.)?(github\.com|gitlab\.com|bitbucket\.org)[/:]/i.test(ref) ||
    /\?(ref|version|timeout|submodules)=/.test(ref) ||
    ref.includes('.git//') ||
    ref.includes('_git/')
  );
}

/** Why a path string is refused, or undefined: only plain relative paths of safe characters pass. */
export function refProblem(field: string, ref: string): KustomizationProblem | undefined {
  if (isRemoteReference(ref)) return { rule: 'input/remote-base', message: `${field} entry "${ref}" is a remote reference; the check renders offline — vendor it under apps/ and refer to it by a relative path` };
  if (ref.startsWith('/')) return { rule: 'input/path-outside-repo', message: `${field} entry "${ref}" is an absolute path; use a path relative to the kustomization's folder` };
  const segments = ref.replace(/\/$/, '').split('/');
  if (ref === '' || !segments.every((s) => SAFE_SEGMENT.test(s))) {
    return {
      rule: 'input/reference-syntax',
      message: `${field} entry "${ref}" is not a plain relative path (letters, digits, . _ + - and single /); kustomize could read other forms as a URL or a git remote — rename the file or folder`,
    };
  }
  return undefined;
}

interface Walk {
  doc: Document;
  lineCounter: LineCounter;
  problems: KustomizationProblem[];
  refs: KustomizationRef[];
  inlineNodes: number;
  largestPatch: number;
}

const describeType = (v: unknown) => (v === null ? 'empty' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : `a ${typeof v}`);

function check(w: Walk, shape: Shape, value: unknown, path: (string | number)[], field: string): PlainData | undefined {
  const line = () => lineOfPath(w.doc, w.lineCounter, path);
  // An empty value (`resources:` with nothing after it) means "not set" to kustomize too.
  if (value === null) return undefined;
  const wrong = (expected: string) => {
    w.problems.push({ rule: 'input/kustomization', message: `${field} must be ${expected}, not ${describeType(value)}${typeof value === 'number' || typeof value === 'boolean' ? ' (quote it)' : ''}`, line: line() });
    return undefined;
  };
  if (shape === 'string') return typeof value === 'string' ? value : wrong('a string');
  if (shape === 'yamlText') {
    if (typeof value !== 'string') return wrong('a string');
    const vetted = vetYaml(value);
    w.inlineNodes += vetted.nodes;
    w.largestPatch = Math.max(w.largestPatch, Buffer.byteLength(value));
    for (const p of vetted.problems) {
      const at = line();
      w.problems.push({ rule: p.limit ? `input/${p.limit}` : 'input/yaml', message: `inline ${field}: ${p.message}`, ...(at !== undefined ? { line: at + (p.line ?? 1) } : {}) });
    }
    return value;
  }
  if (shape === 'bool') return typeof value === 'boolean' ? value : wrong('true or false');
  if (shape === 'int') return typeof value === 'number' && Number.isSafeInteger(value) ? value : wrong('a whole number');
  if (shape === 'stringMap' || shape === 'boolMap') {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return wrong('a mapping');
    const want = shape === 'stringMap' ? 'string' : 'boolean';
    const out: Record<string, PlainData> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '__proto__') {
        w.problems.push({ rule: 'input/kustomization', message: `${field} may not have a key named __proto__`, line: lineOfPath(w.doc, w.lineCounter, [...path, k]) });
        continue;
      }
      if (typeof v !== want) {
        w.problems.push({ rule: 'input/kustomization', message: `${field}.${k} must be a ${want}${want === 'string' ? ' (quote it)' : ''}`, line: lineOfPath(w.doc, w.lineCounter, [...path, k]) });
        continue;
      }
      out[k] = v as PlainData;
    }
    return out;
  }
  if ('enum' in shape) return typeof value === 'string' && shape.enum.includes(value) ? value : wrong(`one of ${shape.enum.join(', ')}`);
  if ('ref' in shape) {
    if (typeof value !== 'string') return wrong('a path');
    let ref = value;
    let key: string | undefined;
    if (shape.ref === 'generatorFile' && value.includes('=')) {
      key = value.slice(0, value.indexOf('='));
      ref = value.slice(value.indexOf('=') + 1);
    }
    const problem = refProblem(field, ref);
    if (problem) w.problems.push({ ...problem, line: line() });
    else w.refs.push({ kind: shape.ref, field, path, ref, ...(key !== undefined ? { key } : {}), line: line() });
    return value;
  }
  if ('list' in shape) {
    if (!Array.isArray(value)) return wrong('a list');
    return value.map((item, i) => {
      if (item === null) w.problems.push({ rule: 'input/kustomization', message: `${field}[${i}] is empty; remove it`, line: lineOfPath(w.doc, w.lineCounter, [...path, i]) ?? line() });
      return check(w, shape.list, item, [...path, i], `${field}[${i}]`) ?? null;
    });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return wrong('a mapping');
  const out: Record<string, PlainData> = {};
  for (const [k, v] of Object.entries(value)) {
    const inner = Object.hasOwn(shape.object, k) ? shape.object[k] : undefined;
    if (!inner) {
      w.problems.push(unknownField(k, field, lineOfPath(w.doc, w.lineCounter, [...path, k]), Object.keys(shape.object)));
      continue;
    }
    const checked = check(w, inner, v, [...path, k], `${field}.${k}`);
    if (checked !== undefined) out[k] = checked;
  }
  return out;
}

function unknownField(key: string, where: string | undefined, line: number | undefined, known: readonly string[]): KustomizationProblem {
  const exact = known.find((k) => fold(k) === fold(key));
  const place = where ? ` in ${where}` : '';
  if (exact) {
    return {
      rule: 'input/field-case',
      message: `field "${key}"${place} is read by kustomize as "${exact}" (it matches field names without regard to case); write "${exact}" exactly`,
      line,
    };
  }
  return { rule: 'input/unknown-field', message: `field "${key}"${place} is not one the check accepts (${known.join(', ')})`, line };
}

/** Refuse what two YAML readers could read differently: anchors, aliases, tags, merge keys, non-string keys. */
function syntaxProblems(doc: Document, lineCounter: LineCounter): KustomizationProblem[] {
  const out: KustomizationProblem[] = [];
  const at = (node: { range?: [number, number, number] | null } | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : undefined);
  visit(doc, {
    Alias(_key, node) {
      out.push({ rule: 'input/yaml-alias', message: 'YAML aliases are not accepted in a kustomization; write the value out', line: at(node) });
    },
    Node(_key, node) {
      if (isAlias(node)) return;
      if ((node as Node).anchor) out.push({ rule: 'input/yaml-alias', message: `YAML anchor &${(node as Node).anchor} is not accepted in a kustomization; write the value out`, line: at(node as Node) });
      if ((node as Node).tag) {
        out.push({ rule: 'input/yaml-tag', message: `YAML tag ${(node as Node).tag} is not accepted in a kustomization; write a plain or quoted value`, line: at(node as Node) });
      }
    },
    Pair(_key, pair) {
      if (!isPair(pair)) return;
      const key = pair.key;
      // Plain `<<` is a merge key (a symbol in YAML 1.1 mode); a quoted one is refused too: readers differ on it.
      if (isScalar(key) && (key.value === '<<' || key.source === '<<' || typeof key.value === 'symbol')) out.push({ rule: 'input/yaml-merge-key', message: 'YAML merge keys (<<) are not accepted in a kustomization: kustomize applies them, so the fields they bring are hidden from a reader; write the fields out', line: at(key) });
      else if (!isScalar(key) || typeof key.value !== 'string') out.push({ rule: 'input/yaml', message: 'mapping keys must be plain strings', line: at(key as Node) });
    },
  });
  // One finding per kind is enough to say what to fix; an alias bomb would otherwise make thousands.
  return out.filter((p, i) => out.findIndex((q) => q.rule === p.rule) === i);
}

export function readKustomization(text: string): ReadKustomization {
  const none = { refs: [], transforms: 0, generated: 0, copies: 0, inlineNodes: 0, largestPatch: 0 };
  const tooBig = scanProblem(scanYamlTokens(text));
  if (tooBig) return { ...none, problems: [{ rule: `input/${tooBig.limit}`, message: tooBig.message, line: tooBig.line }] };
  const lineCounter = new LineCounter();
  // YAML 1.1 like kustomize's reader (yes/no/on/off are booleans there), merge keys left as keys to be refused.
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, strict: true, prettyErrors: false, version: '1.1', merge: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const problems: KustomizationProblem[] = [];
  for (const d of list) for (const e of d.errors) problems.push({ rule: 'input/yaml', message: `${e.message.split('\n')[0]}; fix the YAML`, line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line });
  if (problems.length > 0) return { ...none, problems };
  const nonEmpty = list.filter((d) => d.contents !== null);
  if (nonEmpty.length > 1) return { ...none, problems: [{ rule: 'input/kustomization', message: 'a kustomization is one YAML document; kustomize ignores the others', line: lineCounter.linePos(nonEmpty[1]!.range[0]).line }] };
  const doc = nonEmpty[0];
  if (!doc || !isMap(doc.contents)) return { ...none, problems: [{ rule: 'input/kustomization', message: 'kustomization is empty or not a mapping', line: 1 }] };
  const syntax = syntaxProblems(doc, lineCounter);
  if (syntax.length > 0) return { ...none, problems: syntax };
  const raw = doc.toJS({ maxAliasCount: 0 }) as Record<string, unknown>;
  const w: Walk = { doc, lineCounter, problems, refs: [], inlineNodes: 0, largestPatch: 0 };
  const value: Record<string, PlainData> = {};
  for (const [key, v] of Object.entries(raw)) {
    const line = lineOfPath(doc, lineCounter, [key]);
    const refused = Object.hasOwn(REFUSED_FIELDS, key) ? REFUSED_FIELDS[key] : undefined;
    if (refused) {
      problems.push({ rule: refused.rule, message: `${key}: ${refused.fix}`, line });
      continue;
    }
    const shape = Object.hasOwn(KUSTOMIZATION_FIELDS, key) ? KUSTOMIZATION_FIELDS[key] : undefined;
    if (!shape) {
      const known = KNOWN.get(fold(key));
      const refusedAs = known && Object.hasOwn(REFUSED_FIELDS, known) ? REFUSED_FIELDS[known] : undefined;
      if (known && refusedAs) problems.push({ rule: refusedAs.rule, message: `${unknownField(key, undefined, line, [known]).message}; ${known}: ${refusedAs.fix}`, line });
      else problems.push(unknownField(key, undefined, line, known ? [known] : Object.keys(KUSTOMIZATION_FIELDS)));
      continue;
    }
    const checked = check(w, shape, v, [key], key);
    if (checked !== undefined) value[key] = checked;
  }
  const count = (k: string) => (Array.isArray(value[k]) ? (value[k] as PlainData[]).length : 0);
  const transforms =
    count('patches') + count('patchesJson6902') + count('replacements') + count('labels') + count('images') + count('replicas') +
    ['namespace', 'namePrefix', 'nameSuffix', 'commonLabels', 'commonAnnotations'].filter((k) => k in value).length;
  // A replacement given by file counts as one copy per file; inline ones by their target field paths.
  let copies = 0;
  for (const r of (value.replacements as { path?: string; targets?: { fieldPaths?: unknown[] }[] }[] | undefined) ?? []) {
    copies += r.path !== undefined ? 1 : Math.max(1, (r.targets ?? []).reduce((n, t) => n + Math.max(1, t.fieldPaths?.length ?? 0), 0));
  }
  return { value, refs: w.refs, problems, transforms, generated: count('configMapGenerator') + count('secretGenerator'), copies, inlineNodes: w.inlineNodes, largestPatch: w.largestPatch };
}

/** Set `replacement` at each ref's place in a copy of the vetted value. */
export function rewriteRefs(value: Record<string, PlainData>, replacements: readonly { path: (string | number)[]; value: string }[]): Record<string, PlainData> {
  const copy = structuredClone(value);
  for (const r of replacements) {
    let node: PlainData = copy;
    for (const step of r.path.slice(0, -1)) node = (node as Record<string | number, PlainData>)[step]!;
    (node as Record<string | number, PlainData>)[r.path.at(-1)!] = r.value;
  }
  return copy;
}

/** The kustomization kustomize reads: the vetted value, written so that every YAML reader agrees on it. */
export function writeKustomization(value: Record<string, PlainData>): string {
  return `# Written by the check from the vetted kustomization.\n${emitFlowYaml(value)}\n`;
}
