// Repository configuration `.github/substrate-gitops.yml`, read from the BASE commit of a pull
// request (so a pull request cannot loosen its own checks), parsed once, here, with a schema.
// Parsing is pure; an invalid file becomes a failing check run carrying this text.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import { lineOfPath, parseYaml } from './yaml/parse.js';

export const CONFIG_FILE = '.github/substrate-gitops.yml';

export interface BotConfig {
  /** Pull requests into other branches are ignored. Default: the repository's default branch. */
  baseBranch?: string;
  approvals: {
    /** When false the bot never approves; it still requests changes on key material. */
    enabled: boolean;
  };
  limits: {
    tarball: { maxTotalBytes: number; maxFileBytes: number; maxEntries: number };
    /** Whole pull-request run, seconds; past it every open check run ends as failed. */
    runTimeoutSeconds: number;
  };
}

export const DEFAULT_CONFIG: BotConfig = {
  approvals: { enabled: true },
  limits: {
    tarball: { maxTotalBytes: 200 * 1024 * 1024, maxFileBytes: 20 * 1024 * 1024, maxEntries: 50_000 },
    runTimeoutSeconds: 600,
  },
};

const SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  properties: {
    baseBranch: { type: 'string', minLength: 1, maxLength: 255 },
    approvals: { type: 'object', additionalProperties: false, properties: { enabled: { type: 'boolean' } } },
    limits: {
      type: 'object',
      additionalProperties: false,
      properties: {
        tarball: {
          type: 'object',
          additionalProperties: false,
          properties: {
            maxTotalBytes: { type: 'integer', minimum: 1024, maximum: 2 * 1024 * 1024 * 1024 },
            maxFileBytes: { type: 'integer', minimum: 1024, maximum: 512 * 1024 * 1024 },
            maxEntries: { type: 'integer', minimum: 10, maximum: 1_000_000 },
          },
        },
        runTimeoutSeconds: { type: 'integer', minimum: 30, maximum: 3600 },
      },
    },
  },
} as const;

const validate = new Ajv2020({ allErrors: true, strict: true }).compile(SCHEMA);

export type ConfigResult = { ok: true; config: BotConfig } | { ok: false; problems: string[] };

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'the file' : error.instancePath.slice(1).replaceAll('/', '.');
  if (error.keyword === 'additionalProperties') return `${where}: unknown setting "${String(error.params.additionalProperty)}"`;
  return `${where}: ${error.message ?? 'is invalid'}`;
}

/** Parse the configuration text; undefined (no file) gives the defaults. */
export function parseConfig(text: string | undefined): ConfigResult {
  if (text === undefined) return { ok: true, config: structuredClone(DEFAULT_CONFIG) };
  const parsed = parseYaml(text);
  if (parsed.problems.length > 0) return { ok: false, problems: parsed.problems.map((p) => `${CONFIG_FILE}${p.line ? `:${p.line}` : ''}: ${p.message}`) };
  if (parsed.docs.length > 1) return { ok: false, problems: [`${CONFIG_FILE}: holds ${parsed.docs.length} YAML documents; write one`] };
  const doc = parsed.docs[0];
  const value = doc?.value ?? {};
  if (!validate(value)) {
    return {
      ok: false,
      problems: (validate.errors ?? []).map((e) => {
        const path = e.instancePath.split('/').slice(1);
        const line = doc ? lineOfPath(doc.doc, parsed.lineCounter, path) : undefined;
        return `${CONFIG_FILE}${line ? `:${line}` : ''}: ${describe(e)}`;
      }),
    };
  }
  const given = value as { baseBranch?: string; approvals?: Partial<BotConfig['approvals']>; limits?: { tarball?: Partial<BotConfig['limits']['tarball']>; runTimeoutSeconds?: number } };
  return {
    ok: true,
    config: {
      ...(given.baseBranch ? { baseBranch: given.baseBranch } : {}),
      approvals: { ...DEFAULT_CONFIG.approvals, ...given.approvals },
      limits: {
        tarball: { ...DEFAULT_CONFIG.limits.tarball, ...given.limits?.tarball },
        runTimeoutSeconds: given.limits?.runTimeoutSeconds ?? DEFAULT_CONFIG.limits.runTimeoutSeconds,
      },
    },
  };
}
