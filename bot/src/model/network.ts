import type { Finding } from '../findings.js';
import type { KeyScheme, KeySource, PlannedNode, SessionKeyType } from '../plan/types.js';
import type { RenderedResource } from '../render/types.js';
import { ANNOTATIONS, DEFAULT_ACCOUNT_PATH, DEFAULT_KEY_PATH, DEFAULT_SEED_KEY, ROLES, type NodeRole } from './annotations.js';
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

/** Node groups of a rendered network, with findings for intent that cannot be understood. */
export function modelNetwork(spec: NetworkSpec, resources: readonly RenderedResource[]): { model: NetworkModel; findings: Finding[] } {
  const findings: Finding[] = [];
  const groups: NodeGroup[] = [];
  for (const r of resources) {
    if (r.kind !== 'StatefulSet') continue;
    const a = annotationsOf(r);
    const role = roleOf(r);
    if (!role) continue; // the policy stage reports groups without a valid role
    const replicas = Number((r.object.spec as { replicas?: unknown } | undefined)?.replicas ?? 1);
    const group: NodeGroup = { name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}), role, replicas, origin: r.origin };
    if (role === 'validator' || role === 'collator') {
      const problem = (message: string) =>
        findings.push({ check: 'input', severity: 'error', file: r.origin.file, ...(r.origin.line ? { line: r.origin.line } : {}), rule: 'network/key-intent', message: `StatefulSet/${r.name}: ${message}`, network: spec.name });
      const secret = a[ANNOTATIONS.keysSecret];
      const { types, problems } = parseKeyTypes(a[ANNOTATIONS.keyTypes] ?? '');
      const generation = Number(a[ANNOTATIONS.keyGeneration] ?? '1');
      if (!secret) problem(`a ${role} group needs annotation ${ANNOTATIONS.keysSecret} naming the Secret that holds its seed`);
      problems.forEach((p) => problem(`${ANNOTATIONS.keyTypes}: ${p}`));
      if (types.length === 0 && problems.length === 0) problem(`a ${role} group needs annotation ${ANNOTATIONS.keyTypes}, e.g. "aura:sr25519"`);
      if (!Number.isInteger(generation) || generation < 1) problem(`${ANNOTATIONS.keyGeneration} must be a whole number ≥ 1`);
      const keyPath = a[ANNOTATIONS.keyPath] ?? DEFAULT_KEY_PATH;
      // Fixed paths (`//Alice` in a dev network) are fine where the bot registers nothing.
      const registered = role === 'validator' ? spec.registration.validators === 'register' : (spec.registration.collators ?? 'none') !== 'none';
      if (registered && (!keyPath.includes('{pod}') || !keyPath.includes('{type}'))) problem(`${ANNOTATIONS.keyPath} must contain {pod} and {type} so every node and key type gets its own key`);
      if (registered && !keyPath.includes('{generation}')) problem(`${ANNOTATIONS.keyPath} must contain {generation}, otherwise bumping ${ANNOTATIONS.keyGeneration} would derive the same keys`);
      if (secret && types.length > 0 && Number.isInteger(generation) && generation >= 1) {
        group.keys = {
          secret,
          secretKey: a[ANNOTATIONS.keysSecretKey] ?? DEFAULT_SEED_KEY,
          keyPath,
          accountPath: a[ANNOTATIONS.accountPath] ?? DEFAULT_ACCOUNT_PATH,
          keyTypes: types,
          generation,
        };
      }
    }
    groups.push(group);
  }
  groups.sort((x, y) => x.name.localeCompare(y.name));
  return { model: { name: spec.name, spec, groups }, findings };
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
