// Writes plain data (strings, numbers, booleans, lists, objects) as YAML that every YAML 1.1 or
// 1.2 reader reads back the same: flow style, every string double-quoted, pure ASCII (anything
// else escaped, astral characters as \U........ so no reader sees a lone surrogate). No anchors,
// tags, merge keys or plain scalars that a reader could take for something else.

export type PlainData = string | number | boolean | null | PlainData[] | { [key: string]: PlainData };

function quote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

export function emitFlowYaml(value: PlainData): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`only safe integers are written, not ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(emitFlowYaml).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${quote(k)}: ${emitFlowYaml(v)}`)
    .join(', ')}}`;
}
