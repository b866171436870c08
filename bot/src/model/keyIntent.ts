import { ANNOTATIONS, DEFAULT_ACCOUNT_PATH, DEFAULT_KEY_PATH } from './annotations.js';

// Pure: where a validator/collator group's session keys really come from. The pods' keys are
// whatever the `insert-keys` init container inserts, so that container is the one source of
// truth: its KEY_TYPES / KEY_PATH / KEY_GENERATION as the kubelet resolves them (through the
// downward API from the pod template's annotations) and its SEED secretKeyRef as kustomize
// rendered it (after namePrefix, nameSuffix and secretGenerator hashes). Any other copy of a
// value — an annotation on the StatefulSet's own metadata, a keys-secret annotation — is
// allowed only when it equals what the pods use.

export const INSERT_KEYS_CONTAINER = 'insert-keys';

/** An annotation value and where in the StatefulSet it is written: to point a finding at the line that sets it. */
export interface AnnotationSetting {
  annotation: string;
  value: string;
  scope: 'metadata' | 'template';
}

export interface KeyIntentProblem {
  message: string;
  /** The value the problem is about, when it is an annotation somebody wrote. */
  at?: AnnotationSetting;
}

/** Raw values exactly as the pods use them (validation of the values is the model's job). */
export interface PodKeyIntent {
  secret: string;
  secretKey: string;
  keyTypes: string;
  keyPath: string;
  generation: string;
  accountPath: string;
  /** Where each value came from, as a reader would find it. */
  from: Record<Field, string>;
  /** The annotation a value came from, when it came from one. */
  settings: Partial<Record<Field, AnnotationSetting>>;
}

type Field = 'secret' | 'secretKey' | 'keyTypes' | 'keyPath' | 'generation' | 'accountPath';

const FIELD_ANNOTATION: Record<Field, string> = {
  secret: ANNOTATIONS.keysSecret,
  secretKey: ANNOTATIONS.keysSecretKey,
  keyTypes: ANNOTATIONS.keyTypes,
  keyPath: ANNOTATIONS.keyPath,
  generation: ANNOTATIONS.keyGeneration,
  accountPath: ANNOTATIONS.accountPath,
};

/** The environment of the init container that carries each value (shared/insert-keys.sh). */
const FIELD_ENV: Partial<Record<Field, string>> = { keyTypes: 'KEY_TYPES', keyPath: 'KEY_PATH', generation: 'KEY_GENERATION' };

/** What insert-keys.sh does with an empty variable (the kubelet gives "" for a missing annotation). */
const SCRIPT_DEFAULT: Partial<Record<Field, string>> = { keyPath: DEFAULT_KEY_PATH, generation: '1' };

interface EnvVar {
  name?: unknown;
  value?: unknown;
  valueFrom?: { fieldRef?: { fieldPath?: unknown }; secretKeyRef?: { name?: unknown; key?: unknown }; [other: string]: unknown };
}

interface Container {
  name?: unknown;
  env?: unknown;
  envFrom?: unknown;
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function strings(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record(value))) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The last definition wins, as in the kubelet. */
function envVar(container: Container, name: string): EnvVar | undefined {
  const list = Array.isArray(container.env) ? (container.env as EnvVar[]) : [];
  return list.filter((e) => e && typeof e === 'object' && e.name === name).at(-1);
}

function hasEnvFrom(container: Container): boolean {
  return Array.isArray(container.envFrom) && container.envFrom.length > 0;
}

type Resolved = { value: string; from: string; setting?: AnnotationSetting } | { problem: string };

/** The value an env var of the init container gets in the pod. */
function resolveEnv(container: Container, name: string, template: { annotations: Record<string, string>; labels: Record<string, string> }): Resolved {
  const entry = envVar(container, name);
  if (!entry) {
    if (hasEnvFrom(container)) return { problem: `${name} of the ${INSERT_KEYS_CONTAINER} init container is not in its env, and its envFrom may set it, which the check cannot follow — set ${name} in env` };
    return { value: '', from: `${name} unset in the ${INSERT_KEYS_CONTAINER} init container` };
  }
  if (typeof entry.value === 'string') return { value: entry.value, from: `env ${name} of the ${INSERT_KEYS_CONTAINER} init container` };
  const fieldPath = entry.valueFrom?.fieldRef?.fieldPath;
  const m = typeof fieldPath === 'string' ? /^metadata\.(annotations|labels)\['([^']+)'\]$/.exec(fieldPath) : null;
  if (m) {
    const [, kind, key] = m as unknown as [string, 'annotations' | 'labels', string];
    const value = template[kind][key];
    const from = `pod template ${kind === 'annotations' ? 'annotation' : 'label'} ${key}`;
    if (value === undefined) return { value: '', from: `${from} (not set)` };
    return { value, from, ...(kind === 'annotations' ? { setting: { annotation: key, value, scope: 'template' as const } } : {}) };
  }
  if (entry.value === undefined && entry.valueFrom === undefined) return { value: '', from: `env ${name} of the ${INSERT_KEYS_CONTAINER} init container (empty)` };
  return { problem: `${name} of the ${INSERT_KEYS_CONTAINER} init container comes from ${describeSource(entry)}, which the check cannot resolve — take it from the pod template annotation through the downward API, as components/session-keys does` };
}

function describeSource(entry: EnvVar): string {
  const kinds = Object.keys(record(entry.valueFrom));
  if (entry.valueFrom?.fieldRef) return `fieldRef ${String(entry.valueFrom.fieldRef.fieldPath)}`;
  return kinds.length ? kinds.join(', ') : 'an unknown source';
}

/**
 * What the pods of a StatefulSet use for their session keys, or why that cannot be told.
 * `object` is the rendered StatefulSet.
 */
export function readPodKeyIntent(object: Record<string, unknown>): { intent?: PodKeyIntent; problems: KeyIntentProblem[] } {
  const template = record(record(object.spec).template);
  const templateMeta = record(template.metadata);
  const podMeta = { annotations: strings(templateMeta.annotations), labels: strings(templateMeta.labels) };
  const inits = record(template.spec).initContainers;
  const init = (Array.isArray(inits) ? (inits as Container[]) : []).find((c) => c && c.name === INSERT_KEYS_CONTAINER);
  if (!init) {
    return {
      problems: [
        {
          message: `has no ${INSERT_KEYS_CONTAINER} init container, so its pods would start without the session keys the bot registers — include the session-keys component (the validator and collator components of apps/substrate-node do)`,
        },
      ],
    };
  }
  const problems: KeyIntentProblem[] = [];

  const podName = envVar(init, 'POD_NAME');
  if (podName?.valueFrom?.fieldRef?.fieldPath !== 'metadata.name') {
    problems.push({ message: `POD_NAME of the ${INSERT_KEYS_CONTAINER} init container must come from the downward API (fieldRef metadata.name): it replaces {pod} in the key path, and the bot derives with the pod's name` });
  }

  const seedRef = envVar(init, 'SEED')?.valueFrom?.secretKeyRef;
  const secret = typeof seedRef?.name === 'string' ? seedRef.name : undefined;
  const secretKey = typeof seedRef?.key === 'string' ? seedRef.key : undefined;
  if (!secret || !secretKey) problems.push({ message: `SEED of the ${INSERT_KEYS_CONTAINER} init container must come from a Secret (valueFrom.secretKeyRef with name and key): that Secret is the group's seed` });

  const from: Partial<Record<Field, string>> = { secret: 'SEED secretKeyRef of the insert-keys init container', secretKey: 'SEED secretKeyRef of the insert-keys init container' };
  const values: Partial<Record<Field, string>> = { ...(secret ? { secret } : {}), ...(secretKey ? { secretKey } : {}) };
  const settings: Partial<Record<Field, AnnotationSetting>> = {};
  for (const [field, name] of Object.entries(FIELD_ENV) as [Field, string][]) {
    const resolved = resolveEnv(init, name, podMeta);
    if ('problem' in resolved) {
      problems.push({ message: resolved.problem });
      continue;
    }
    values[field] = resolved.value === '' ? (SCRIPT_DEFAULT[field] ?? '') : resolved.value;
    from[field] = resolved.value === '' && SCRIPT_DEFAULT[field] ? `${resolved.from}; insert-keys.sh uses its default` : resolved.from;
    if (resolved.setting) settings[field] = resolved.setting;
  }
  // Only the bot reads the account path: it lives with the rest of the key intent, on the pod template.
  const account = podMeta.annotations[ANNOTATIONS.accountPath];
  values.accountPath = account ?? DEFAULT_ACCOUNT_PATH;
  from.accountPath = account !== undefined ? `pod template annotation ${ANNOTATIONS.accountPath}` : `the default (no pod template annotation ${ANNOTATIONS.accountPath})`;
  if (account !== undefined) settings.accountPath = { annotation: ANNOTATIONS.accountPath, value: account, scope: 'template' };

  if (problems.length > 0) return { problems };
  const intent: PodKeyIntent = { ...(values as Record<Field, string>), from: from as Record<Field, string>, settings };
  problems.push(...copyConflicts(object, intent));
  return { intent, problems };
}

/**
 * Every other written copy of a value — on the StatefulSet's metadata, or on the pod template
 * where the init container does not read it — that differs from what the pods use.
 */
function copyConflicts(object: Record<string, unknown>, intent: PodKeyIntent): KeyIntentProblem[] {
  const metadata = strings(record(object.metadata).annotations);
  const template = strings(record(record(record(object.spec).template).metadata).annotations);
  const problems: KeyIntentProblem[] = [];
  for (const field of Object.keys(FIELD_ANNOTATION) as Field[]) {
    const annotation = FIELD_ANNOTATION[field];
    const truth = intent[field];
    const copies: AnnotationSetting[] = [];
    if (metadata[annotation] !== undefined) copies.push({ annotation, value: metadata[annotation]!, scope: 'metadata' });
    const readByPods = intent.settings[field];
    const isTruth = readByPods?.scope === 'template' && readByPods.annotation === annotation;
    if (template[annotation] !== undefined && !isTruth) copies.push({ annotation, value: template[annotation]!, scope: 'template' });
    for (const copy of copies) {
      if (copy.value === truth) continue;
      problems.push({ message: conflictMessage(field, copy, truth, intent.from[field]), at: copy });
    }
  }
  return problems;
}

function conflictMessage(field: Field, copy: AnnotationSetting, truth: string, from: string): string {
  const where = copy.scope === 'metadata' ? 'annotation on the StatefulSet metadata' : 'pod template annotation';
  if (field === 'secret' || field === 'secretKey') {
    const what = field === 'secret' ? 'Secret' : 'Secret key';
    return (
      `${where} ${copy.annotation} names ${what} "${copy.value}", but the pods read their seed from ${what} "${truth}" (${from}, as kustomize renders it, e.g. after a namePrefix or a secretGenerator hash) — ` +
      `the plan and the bot use the ${what} the pods read; remove this annotation or make it name the same ${what}`
    );
  }
  const podCopy = field === 'accountPath' ? `the pod template annotation ${copy.annotation}` : `what the init container reads (${from})`;
  return (
    `${where} ${copy.annotation} is "${copy.value}", but the pods use "${truth}" (${from}) — ` +
    `only the pods' value counts (it is what the init container inserts and what the bot registers): to change it, set ${podCopy} to "${copy.value}"; otherwise remove this copy or make it "${truth}"`
  );
}
