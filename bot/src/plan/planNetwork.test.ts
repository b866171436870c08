import { describe, expect, it } from 'vitest';
import type { NetworkModel, NodeGroup } from '../model/network.js';
import type { NetworkSpec } from '../model/networkFile.js';
import { planNetwork, stateFromModel } from './planNetwork.js';
import { describeStep, stepId } from './types.js';

function spec(over: Partial<NetworkSpec> = {}): NetworkSpec {
  return {
    apiVersion: 'substrate-gitops.io/v1alpha1',
    kind: 'Network',
    name: 'rococo',
    chain: { name: 'rococo-local', kind: 'relay', rpc: 'ws://x:9944' },
    operator: { seedSecret: { name: 'sudo' } },
    registration: { validators: 'register' },
    ...over,
  };
}

function group(name: string, role: NodeGroup['role'], replicas: number, generation = 1): NodeGroup {
  return {
    name,
    role,
    replicas,
    origin: { file: 'x.yaml' },
    keys: { secret: 's', secretKey: 'seed', keyPath: '//{pod}//{type}//g{generation}', accountPath: '//{pod}', keyTypes: [{ type: 'gran', scheme: 'ed25519' }], generation },
  };
}

function model(groups: NodeGroup[], over: Partial<NetworkSpec> = {}): NetworkModel {
  return { name: 'rococo', spec: spec(over), groups };
}

const summary = (m: NetworkModel | undefined, base: NetworkModel | undefined) => planNetwork('rococo', m, stateFromModel(base), base).steps.map(describeStep);

describe('planNetwork', () => {
  it('registers exactly the new pods when a validator group grows 10 → 12, keys first', () => {
    const steps = summary(model([group('val', 'validator', 12)]), model([group('val', 'validator', 10)]));
    expect(steps).toEqual([
      'set session keys of `val-10` (generation 1)',
      'register validator `val-10`',
      'set session keys of `val-11` (generation 1)',
      'register validator `val-11`',
    ]);
  });

  it('rotates every pod of a group whose key generation was bumped, and nothing else', () => {
    const steps = summary(model([group('val', 'validator', 3, 2), group('rpc', 'rpc', 1)]), model([group('val', 'validator', 3, 1), group('rpc', 'rpc', 1)]));
    expect(steps).toEqual([0, 1, 2].map((i) => `rotate session keys of \`val-${i}\` generation 1→2`));
  });

  it('deregisters pods removed by a scale-down, highest ordinals gone', () => {
    const steps = summary(model([group('val', 'validator', 2)]), model([group('val', 'validator', 4)]));
    expect(steps).toEqual(['deregister validator `val-2`', 'deregister validator `val-3`']);
  });

  it('plans nothing for validators when the network does not register them', () => {
    expect(summary(model([group('val', 'validator', 5)], { registration: { validators: 'none' } }), undefined)).toEqual([]);
  });

  it('adds collators in the mode the network declares', () => {
    const para = { chain: { name: 'rockmine', kind: 'parachain' as const, rpc: 'ws://p', paraId: 1000, relay: 'rococo' }, registration: { collators: 'candidate' as const } };
    const steps = planNetwork('rockmine', model([group('col', 'collator', 1)], para), stateFromModel(undefined)).steps;
    expect(steps.map((s) => s.kind)).toEqual(['set-session-keys', 'register-collator']);
    expect(steps[1]).toMatchObject({ mode: 'candidate' });
  });

  it('onboards a new parachain once, and offboards it when onboarding is switched off', () => {
    const para = (mode: 'lease' | 'none') => ({
      chain: { name: 'p', kind: 'parachain' as const, rpc: 'ws://p', paraId: 2000, relay: 'rococo' },
      registration: {},
      onboarding: { mode, chainSpec: 'networks/p/spec.json' },
    });
    const onboard = planNetwork('p', model([], para('lease')), stateFromModel(undefined)).steps;
    expect(onboard).toEqual([{ kind: 'onboard-parachain', network: 'p', paraId: 2000, mode: 'lease', genesis: { chainSpec: 'networks/p/spec.json' } }]);
    expect(planNetwork('p', model([], para('lease')), stateFromModel(model([], para('lease')))).steps).toEqual([]);
    const off = planNetwork('p', model([], para('none')), stateFromModel(model([], para('lease'))), model([], para('lease'))).steps;
    expect(off.map(describeStep)).toEqual(['offboard para 2000']);
  });

  it('deregisters everything of a removed network folder', () => {
    const steps = summary(undefined, model([group('val', 'validator', 2)]));
    expect(steps).toEqual(['deregister validator `val-0`', 'deregister validator `val-1`']);
  });

  it('against the chain: skips registered nodes, notes unregistered leavers, re-keys nodes whose keys differ', () => {
    const desired = model([group('val', 'validator', 2)]);
    const base = model([group('val', 'validator', 3)]);
    const nodes = stateFromModel(base).nodes;
    nodes[0]!.keysGeneration = undefined; // keys on chain are not the derived ones
    nodes[2]!.registered = false; // someone already removed it
    const plan = planNetwork('rococo', desired, { source: 'chain', nodes }, base);
    expect(plan.steps.map(describeStep)).toEqual(['rotate session keys of `val-0` generation ?→1']);
    expect(plan.notes.join('\n')).toContain('val-2');
  });

  it('gives each step a stable id the journal can key on', () => {
    const steps = planNetwork('rococo', model([group('val', 'validator', 1, 3)]), stateFromModel(undefined)).steps;
    expect(steps.map(stepId)).toEqual(['set-session-keys:rococo:val-0:g3', 'register-validator:rococo:val-0']);
  });
});
