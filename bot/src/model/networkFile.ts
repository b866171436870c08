import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Finding } from '../findings.js';
import { REPO_ROOT } from '../tools/cache.js';
import { decodeUtf8, lineOfPath, parseYaml } from '../yaml/parse.js';

// network.yaml: chain-level facts the cluster does not know. Parsed once, at the
// boundary, against the published schema (networks/network.schema.json).

export interface SecretRef {
  name: string;
  key?: string;
}

export interface NetworkSpec {
  apiVersion: 'substrate-gitops.io/v1alpha1';
  kind: 'Network';
  name: string;
  ephemeral?: boolean;
  chain: { name: string; kind: 'relay' | 'parachain'; rpc: string; paraId?: number; relay?: string; finality?: boolean };
  operator: { seedSecret: SecretRef; root?: 'sudo' | 'relay-xcm' };
  registration: {
    validators?: 'register' | 'none';
    collators?: 'invulnerable' | 'candidate' | 'none';
    sessionKeys?: 'derive' | 'rotate-rpc';
    /** `sessionKeys: rotate-rpc`: URL template of each node's own RPC (`{pod}`, `{network}`). */
    nodeRpc?: string;
  };
  bounds?: { validators?: { min?: number; max?: number }; collators?: { min?: number; max?: number } };
  external?: { validators?: string[]; collators?: string[] };
  onboarding?: { mode: 'lease' | 'on-demand' | 'none'; chainSpec?: string; rpc?: string };
  images?: { allowedRegistries?: string[] };
}

export const NETWORK_SCHEMA_FILE = 'networks/network.schema.json';

let validator: ValidateFunction | undefined;
function validate(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, NETWORK_SCHEMA_FILE), 'utf8')) as object;
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    validator = ajv.compile(schema);
  }
  return validator;
}

function describe(e: ErrorObject): string {
  const where = e.instancePath ? e.instancePath.slice(1).replaceAll('/', '.') : 'the document';
  switch (e.keyword) {
    case 'additionalProperties':
      return `${where}: unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    case 'required':
      return `${where}: missing required field "${(e.params as { missingProperty: string }).missingProperty}"`;
    case 'enum':
      return `${where}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${where}: must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    default:
      return `${where}: ${e.message ?? 'is invalid'}`;
  }
}

/** Parse and validate one network.yaml. Returns the spec only when it is valid. */
export function parseNetworkFile(file: string, content: Buffer | string, folderName: string): { spec?: NetworkSpec; findings: Finding[] } {
  const findings: Finding[] = [];
  const add = (line: number | undefined, rule: string, message: string) =>
    findings.push({ check: 'input', severity: 'error', file, ...(line ? { line } : {}), rule, message, network: folderName });
  const decoded = typeof content === 'string' ? { text: content } : decodeUtf8(content);
  if (decoded.text === undefined) {
    add(decoded.problem?.line, 'input/not-utf8', decoded.problem!.message);
    return { findings };
  }
  const parsed = parseYaml(decoded.text);
  for (const p of parsed.problems) add(p.line, 'input/yaml', `${p.message}; fix the YAML`);
  if (parsed.problems.length > 0) return { findings };
  if (parsed.docs.length !== 1) {
    add(1, 'network/document', `expected exactly one YAML document, found ${parsed.docs.length}`);
    return { findings };
  }
  const { value, doc } = parsed.docs[0]!;
  const check = validate();
  if (!check(value)) {
    for (const e of check.errors ?? []) {
      if (e.keyword === 'if') continue;
      const path = e.instancePath.split('/').slice(1);
      // Point at the offending key itself, not its parent.
      if (e.keyword === 'additionalProperties') path.push((e.params as { additionalProperty: string }).additionalProperty);
      add(lineOfPath(doc, parsed.lineCounter, path), 'network/schema', `${describe(e)} (see ${NETWORK_SCHEMA_FILE})`);
    }
    return { findings };
  }
  const spec = value as NetworkSpec;
  if (spec.name !== folderName) {
    add(lineOfPath(doc, parsed.lineCounter, ['name']), 'network/name', `name "${spec.name}" must equal the folder name "${folderName}"`);
  }
  for (const kind of ['validators', 'collators'] as const) {
    const b = spec.bounds?.[kind];
    if (b?.min !== undefined && b.max !== undefined && b.min > b.max) {
      add(lineOfPath(doc, parsed.lineCounter, ['bounds', kind]), 'network/bounds', `bounds.${kind}: min ${b.min} is greater than max ${b.max}`);
    }
  }
  return { spec, findings };
}
