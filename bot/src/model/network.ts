import type { Finding } from '../findings.js';
import type { KeyScheme, KeySource, PlannedNode, SessionKeyType } from '../plan/types.js';
import type { RenderedResource } from '../render/types.js';
import { ANNOTATIONS, ROLES, type NodeRole } from './annotations.js';
import { readPodKeyIntent, type AnnotationSetting, type PodKeyIntent } from './keyIntent.js';
import type { NetworkSpec } from './networkFile.js';

// Pure: rendered manifests + network.yaml → the network's desired on-chain shape.

export interface NodeGroup {
  name: string;
  namespace?: string;
  role: NodeRole;
  replicas: number;
  /** Only for validator/collator groups. */
  keys?: KeySource;
  origin: RenderedResource['origin'];
}

export interface NetworkModel {
  name: string;
  spec: NetworkSpec;
  groups: NodeGroup[];
}

const SCHEMES: readonly KeyScheme[] = ['sr25519', 'ed25519', 'ecdsa'];

export function parseKeyTypes(text: string): { types: SessionKeyType[]; problems: string[] } {
  const types: SessionKeyType[] = [];
  const problems: string[] = [];
  // insert-keys.sh splits on commas without trimming: " babe" would not be the key type the bot derives.
  if (/\s/.test(text.trim())) problems.push('must not contain spaces: write it as "type:scheme,type:scheme"');
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [type, scheme] = part.split(':').map((s) => s.trim());
    if (!type || !/^[a-z0-9]{4}$/.test(type)) problems.push(`key type "${type ?? ''}" must be 4 lowercase letters or digits`);
    else if (!scheme || !SCHEMES.includes(scheme as KeyScheme)) problems.push(`key type ${type}: scheme "${scheme ?? ''}" must be one of ${SCHEMES.join(', ')}`);
    else if (types.some((t) => t.type === type)) problems.push(`key type ${type} is listed twice`);
    else types.push({ type, scheme: scheme as KeyScheme });
  }
  return { types, problems };
}

function annotationsOf(r: RenderedResource): Record<string, string> {
  const meta = (r.object.metadata ?? {}) as { annotations?: Record<string, string>; labels?: Record<string, string> };
  return { ...(meta.labels ?? {}), ...(meta.annotations ?? {}) };
}

export function roleOf(r: RenderedResource): NodeRole | undefined {
  const role = annotationsOf(r)[ANNOTATIONS.role];
  return ROLES.includes(role as NodeRole) ? (role as NodeRole) : undefined;
}

/** A finding of the model, with the annotation it is about (to find the line that sets it). */
export interface ModelFinding {
  finding: Finding;
  at?: AnnotationSetting;
}

/**
 * Node groups of a rendered network, with findings for intent that cannot be understood. The
 * keys of a validator/collator group are what its pods insert (`readPodKeyIntent`), never a
 * copy the pods do not read.
 */
export function modelNetwork(spec: NetworkSpec, resources: readonly RenderedResource[]): { model: NetworkModel; findings: ModelFinding[] } {
  const findings: ModelFinding[] = [];
  const groups: NodeGroup[] = [];
  for (const r of resources) {
    if (r.kind !== 'StatefulSet') continue;
    const role = roleOf(r);
    if (!role) continue; // the policy stage reports groups without a valid role
    const replicas = Number((r.object.spec as { replicas?: unknown } | undefined)?.replicas ?? 1);
    const group: NodeGroup = { name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}), role, replicas, origin: r.origin };
    if (role === 'validator' || role === 'collator') {
      const problem = (message: string, at?: AnnotationSetting) =>
        findings.push({
          finding: { check: 'input', severity: 'error', file: r.origin.file, ...(r.origin.line ? { line: r.origin.line } : {}), rule: 'network/key-intent', message: `StatefulSet/${r.name}: ${message}`, network: spec.name },
          ...(at ? { at } : {}),
        });
      const { intent, problems: podProblems } = readPodKeyIntent(r.object);
      podProblems.forEach((p) => problem(p.message, p.at));
      if (intent) {
        const keys = keySource(spec, role, intent, problem);
        if (keys) group.keys = keys;
      }
    }
    groups.push(group);
  }
  groups.sort((x, y) => x.name.localeCompare(y.name));
  return { model: { name: spec.name, spec, groups }, findings };
}

/** The group's KeySource from the values its pods use, or undefined after reporting why not. */
function keySource(spec: NetworkSpec, role: 'validator' | 'collator', intent: PodKeyIntent, problem: (message: string, at?: AnnotationSetting) => void): KeySource | undefined {
  const { types, problems } = parseKeyTypes(intent.keyTypes);
  const typesAt = intent.settings.keyTypes;
  problems.forEach((p) => problem(`${ANNOTATIONS.keyTypes}: ${p}`, typesAt));
  if (types.length === 0 && problems.length === 0) problem(`a ${role} group needs its key types (pod template annotation ${ANNOTATIONS.keyTypes}, read by the insert-keys init container), e.g. "aura:sr25519"`, typesAt);
  // The script substitutes the text as written: "02" would insert g02 while the bot derives g2.
  const generationOk = /^[1-9][0-9]{0,8}$/.test(intent.generation);
  if (!generationOk) problem(`${ANNOTATIONS.keyGeneration} "${intent.generation}" (${intent.from.generation}) must be a whole number ≥ 1 written without sign, spaces or leading zeros`, intent.settings.generation);
  // Fixed paths (`//Alice` in a dev network) are fine where the bot registers nothing.
  const registered = role === 'validator' ? spec.registration.validators === 'register' : (spec.registration.collators ?? 'none') !== 'none';
  const pathAt = intent.settings.keyPath;
  if (registered && (!intent.keyPath.includes('{pod}') || !intent.keyPath.includes('{type}'))) problem(`${ANNOTATIONS.keyPath} must contain {pod} and {type} so every node and key type gets its own key`, pathAt);
  if (registered && !intent.keyPath.includes('{generation}')) problem(`${ANNOTATIONS.keyPath} must contain {generation}, otherwise bumping ${ANNOTATIONS.keyGeneration} would derive the same keys`, pathAt);
  if (types.length === 0 || problems.length > 0 || !generationOk) return undefined;
  return { secret: intent.secret, secretKey: intent.secretKey, keyPath: intent.keyPath, accountPath: intent.accountPath, keyTypes: types, generation: Number(intent.generation) };
}

/** The individual on-chain nodes of a model: one per pod of each keyed validator/collator group. */
export function plannedNodes(model: NetworkModel): PlannedNode[] {
  const nodes: PlannedNode[] = [];
  for (const g of model.groups) {
    if ((g.role !== 'validator' && g.role !== 'collator') || !g.keys) continue;
    for (let i = 0; i < g.replicas; i++) {
      const pod = `${g.name}-${i}`;
      nodes.push({
        network: model.name,
        group: g.name,
        pod,
        role: g.role,
        keys: { ...g.keys, keyPath: g.keys.keyPath.replaceAll('{pod}', pod), accountPath: g.keys.accountPath.replaceAll('{pod}', pod) },
      });
    }
  }
  return nodes;
}
