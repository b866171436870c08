import { isScalar, type Document, type LineCounter } from 'yaml';
import { lineOfPath, parseYaml } from '../yaml/parse.js';

// Pure: the line of a rendered network's files that sets a value the render shows — an image
// set by a kustomization's `images:`, replicas set by `replicas:`, an annotation set by a patch
// (inline in a kustomization, a patch file, or `commonAnnotations`). Findings about such a
// value belong on that line: it is what the pull request changed, not the base manifest the
// resource was first declared in. Text in, line out; the caller reads the files.

export interface SourceText {
  /** Repository-relative path. */
  file: string;
  text: string;
}

export interface Location {
  file: string;
  line: number;
}

export interface AnnotationValue {
  annotation: string;
  value: string;
  scope: 'metadata' | 'template';
}

function depth(file: string): number {
  return file.split('/').length;
}

/**
 * Outermost first: kustomize applies the `images:`, `replicas:` and patches of an outer
 * kustomization after those of the bases it includes, so the outer one's value is what renders.
 * Files of the rendered folder come before shared ones, shallower before deeper.
 */
export function byPrecedence<T extends { file: string }>(files: readonly T[], source: string): T[] {
  const inside = (f: T) => (f.file.startsWith(`${source}/`) ? 0 : 1);
  return [...files].sort((a, b) => inside(a) - inside(b) || depth(a.file) - depth(b.file) || a.file.localeCompare(b.file));
}

interface ParsedDoc {
  value: unknown;
  doc: Document;
  lineCounter: LineCounter;
}

function docsOf(text: string): ParsedDoc[] {
  const parsed = parseYaml(text);
  return parsed.docs.map((d) => ({ value: d.value, doc: d.doc, lineCounter: parsed.lineCounter }));
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** `registry/repo:tag@sha256:…` → name, tag, digest (as kustomize's images transformer sees them). */
export function splitImage(image: string): { name: string; tag?: string; digest?: string } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const rest = at >= 0 ? image.slice(0, at) : image;
  const colon = rest.lastIndexOf(':');
  const hasTag = colon > rest.lastIndexOf('/');
  return { name: hasTag ? rest.slice(0, colon) : rest, ...(hasTag ? { tag: rest.slice(colon + 1) } : {}), ...(digest ? { digest } : {}) };
}

/**
 * The `images:` entry field that gave a rendered container image its tag or digest
 * (`part: 'tag'`) or its name and registry (`part: 'name'`).
 */
export function imageSettingLine(kustomizations: readonly SourceText[], source: string, image: string, part: 'tag' | 'name'): Location | undefined {
  const want = splitImage(image);
  for (const k of byPrecedence(kustomizations, source)) {
    for (const { value, doc, lineCounter } of docsOf(k.text)) {
      const entries = record(value)?.images;
      if (!Array.isArray(entries)) continue;
      for (const [i, raw] of entries.entries()) {
        const entry = record(raw);
        if (!entry) continue;
        const name = text(entry.name);
        const newName = text(entry.newName);
        let field: string | undefined;
        if (part === 'name') field = newName === want.name ? 'newName' : undefined;
        else if ((newName ?? name) === want.name) {
          if (want.digest !== undefined && text(entry.digest) === want.digest) field = 'digest';
          else if (want.tag !== undefined && text(entry.newTag) === want.tag) field = 'newTag';
        }
        if (!field) continue;
        const line = lineOfPath(doc, lineCounter, ['images', i, field]);
        if (line !== undefined) return { file: k.file, line };
      }
    }
  }
  return undefined;
}

/** The `replicas:` entry that gave a rendered StatefulSet (or Deployment) its replica count. */
export function replicasSettingLine(kustomizations: readonly SourceText[], source: string, resourceName: string, count: number): Location | undefined {
  for (const k of byPrecedence(kustomizations, source)) {
    for (const { value, doc, lineCounter } of docsOf(k.text)) {
      const entries = record(value)?.replicas;
      if (!Array.isArray(entries)) continue;
      for (const [i, raw] of entries.entries()) {
        const entry = record(raw);
        const name = text(entry?.name);
        // The entry names the resource as it is at that level, before outer prefixes and suffixes.
        if (!entry || !name || !resourceName.includes(name) || Number(entry.count) !== count) continue;
        const line = lineOfPath(doc, lineCounter, ['replicas', i, 'count']);
        if (line !== undefined) return { file: k.file, line };
      }
    }
  }
  return undefined;
}

const ANNOTATION_PATHS = { metadata: ['metadata', 'annotations'], template: ['spec', 'template', 'metadata', 'annotations'] } as const;

/** JSON pointer of an annotation map and of one annotation in it (RFC 6901: `/` is `~1`). */
function pointers(setting: AnnotationValue): { map: string; member: string } {
  const map = `/${ANNOTATION_PATHS[setting.scope].join('/')}`;
  return { map, member: `${map}/${setting.annotation.replaceAll('~', '~0').replaceAll('/', '~1')}` };
}

function getIn(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const key of path) node = record(node)?.[key];
  return node;
}

/** 1-based line within one YAML text (a patch file, a resource file, or an inline patch). */
function annotationLineIn(docs: readonly ParsedDoc[], setting: AnnotationValue, nested: (patch: { path: (string | number)[]; doc: ParsedDoc }) => number | undefined): number | undefined {
  const { map, member } = pointers(setting);
  for (const d of docs) {
    const { value, doc, lineCounter } = d;
    if (Array.isArray(value)) {
      // A JSON 6902 patch: `- op: add|replace, path: …, value: …`.
      for (const [i, raw] of value.entries()) {
        const op = record(raw);
        if (!op || (op.op !== 'add' && op.op !== 'replace')) continue;
        if (op.path === member && text(op.value) === setting.value) return lineOfPath(doc, lineCounter, [i, 'value']);
        if (op.path === map && text(record(op.value)?.[setting.annotation]) === setting.value) return lineOfPath(doc, lineCounter, [i, 'value', setting.annotation]);
      }
      continue;
    }
    const object = record(value);
    if (!object) continue;
    const common = record(object.commonAnnotations);
    if (common && text(common[setting.annotation]) === setting.value) return lineOfPath(doc, lineCounter, ['commonAnnotations', setting.annotation]);
    for (const field of ['patches', 'patchesJson6902']) {
      const list = object[field];
      if (!Array.isArray(list)) continue;
      for (const [i, item] of list.entries()) {
        if (typeof record(item)?.patch !== 'string') continue;
        const line = nested({ path: [field, i, 'patch'], doc: d });
        if (line !== undefined) return line;
      }
    }
    const smp = object.patchesStrategicMerge;
    if (Array.isArray(smp)) {
      for (const [i, item] of smp.entries()) {
        if (typeof item !== 'string' || !item.includes('\n')) continue;
        const line = nested({ path: ['patchesStrategicMerge', i], doc: d });
        if (line !== undefined) return line;
      }
    }
    const path = ANNOTATION_PATHS[setting.scope];
    if (text(getIn(object, [...path, setting.annotation])) === setting.value) return lineOfPath(doc, lineCounter, [...path, setting.annotation]);
  }
  return undefined;
}

/** Line of a patch written inline (`patch: |-`) inside a kustomization: the inline text's line mapped onto the file. */
function inlinePatchLine(host: ParsedDoc, path: (string | number)[], setting: AnnotationValue): number | undefined {
  const node = host.doc.getIn(path, true);
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  const inner = annotationLineIn(docsOf(node.value), setting, () => undefined);
  if (inner === undefined) return undefined;
  const header = host.lineCounter.linePos(node.range[0]).line;
  // A block scalar's text starts on the line after its `|` header, one file line per text line.
  if (node.type === 'BLOCK_LITERAL') return header + inner;
  return lineOfPath(host.doc, host.lineCounter, path);
}

/** The line that sets an annotation of a node group to `value` (the copy a finding is about). */
export function annotationSettingLine(files: readonly SourceText[], source: string, setting: AnnotationValue): Location | undefined {
  for (const f of byPrecedence(files, source)) {
    const line = annotationLineIn(docsOf(f.text), setting, ({ path, doc }) => inlinePatchLine(doc, path, setting));
    if (line !== undefined) return { file: f.file, line };
  }
  return undefined;
}
