import { plannedNodes, type NetworkModel } from '../model/network.js';
import type { OnChainPlan, OnChainStep, PlannedNode } from './types.js';

// Pure: desired (the rendered network at head) vs actual (what the chain holds) → the
// ordered steps that converge the chain. The same function serves the pull-request
// preview (actual = the base render, assumed converged) and the post-merge run
// (actual = read from the chain by the executor).

export interface ActualNode {
  node: PlannedNode;
  registered: boolean;
  /** The key generation whose keys are set on chain; undefined when none or not ours. */
  keysGeneration?: number;
}

export interface ActualNetworkState {
  source: 'base-render' | 'chain';
  nodes: ActualNode[];
  /** For parachains: whether the para is known to the relay chain. */
  paraOnboarded?: boolean;
}

export const EMPTY_STATE: ActualNetworkState = { source: 'base-render', nodes: [] };

function registers(model: NetworkModel, role: PlannedNode['role']): boolean {
  return role === 'validator' ? model.spec.registration.validators === 'register' : (model.spec.registration.collators ?? 'none') !== 'none';
}

/** What the chain looks like when the base revision has been fully applied. */
export function stateFromModel(base: NetworkModel | undefined): ActualNetworkState {
  if (!base) return EMPTY_STATE;
  const nodes = plannedNodes(base)
    .filter((n) => registers(base, n.role))
    .map((node) => ({ node, registered: true, keysGeneration: node.keys.generation }));
  const onboarded = base.spec.chain.kind === 'parachain' && (base.spec.onboarding?.mode ?? 'none') !== 'none';
  return { source: 'base-render', nodes, ...(base.spec.chain.kind === 'parachain' ? { paraOnboarded: onboarded } : {}) };
}

function podOrder(a: PlannedNode, b: PlannedNode): number {
  const [ga, ia] = splitPod(a);
  const [gb, ib] = splitPod(b);
  return ga.localeCompare(gb) || ia - ib;
}

function splitPod(n: PlannedNode): [string, number] {
  const i = n.pod.lastIndexOf('-');
  return [n.pod.slice(0, i), Number(n.pod.slice(i + 1))];
}

/**
 * `previous` is the network as last declared (for offboarding and collator mode), `desired`
 * the network at head (undefined when the folder was removed).
 */
export function planNetwork(name: string, desired: NetworkModel | undefined, actual: ActualNetworkState, previous?: NetworkModel): OnChainPlan {
  const steps: OnChainStep[] = [];
  const notes: string[] = [];
  const actualByPod = new Map(actual.nodes.map((a) => [a.node.pod, a]));
  const desiredNodes = desired ? plannedNodes(desired).filter((n) => registers(desired, n.role)) : [];
  const desiredPods = new Set(desiredNodes.map((n) => n.pod));

  // 1. Leave: registered nodes that are no longer declared.
  for (const gone of actual.nodes.filter((a) => !desiredPods.has(a.node.pod)).sort((x, y) => podOrder(x.node, y.node))) {
    if (!gone.registered) {
      notes.push(`\`${gone.node.pod}\` is no longer declared and is not registered: nothing to deregister`);
      continue;
    }
    if (gone.node.role === 'validator') steps.push({ kind: 'deregister-validator', node: gone.node });
    else steps.push({ kind: 'deregister-collator', node: gone.node, mode: collatorMode(previous ?? desired) });
  }

  // 2. Parachain onboarding (executed on the relay chain).
  const wasOnboarded = actual.paraOnboarded === true;
  const wantsOnboarding = desired?.spec.chain.kind === 'parachain' && (desired.spec.onboarding?.mode ?? 'none') !== 'none';
  if (desired && wantsOnboarding && !wasOnboarded) {
    const o = desired.spec.onboarding!;
    steps.push({
      kind: 'onboard-parachain',
      network: name,
      paraId: desired.spec.chain.paraId!,
      mode: o.mode === 'lease' ? 'lease' : 'on-demand',
      genesis: { ...(o.chainSpec ? { chainSpec: o.chainSpec } : {}), ...(o.rpc ? { rpc: o.rpc } : {}) },
    });
  }
  const paraId = desired?.spec.chain.paraId ?? previous?.spec.chain.paraId;
  if (wasOnboarded && !wantsOnboarding && paraId !== undefined) steps.push({ kind: 'offboard-parachain', network: name, paraId });

  // 3. Join and rotate: keys first, so a node is never registered without session keys.
  for (const node of [...desiredNodes].sort(podOrder)) {
    const now = actualByPod.get(node.pod);
    const generation = node.keys.generation;
    if (!now?.registered) {
      steps.push({ kind: 'set-session-keys', node, toGeneration: generation, reason: 'new-node' });
      if (node.role === 'validator') steps.push({ kind: 'register-validator', node });
      else steps.push({ kind: 'register-collator', node, mode: collatorMode(desired) });
    } else if (now.keysGeneration !== generation) {
      steps.push({
        kind: 'set-session-keys',
        node,
        ...(now.keysGeneration !== undefined ? { fromGeneration: now.keysGeneration } : {}),
        toGeneration: generation,
        reason: 'rotation',
      });
    }
  }

  const external = desired?.spec.external;
  const externalCount = (external?.validators?.length ?? 0) + (external?.collators?.length ?? 0);
  if (externalCount > 0) notes.push(`${externalCount} externally run account(s) declared in network.yaml are left alone`);
  return { network: name, steps, notes };
}

function collatorMode(model: NetworkModel | undefined): 'invulnerable' | 'candidate' {
  return model?.spec.registration.collators === 'candidate' ? 'candidate' : 'invulnerable';
}
