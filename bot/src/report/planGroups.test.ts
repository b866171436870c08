import { describe, expect, it } from 'vitest';
import type { OnChainStep, PlannedNode } from '../plan/types.js';
import { groupSteps, orderedGroups, podRange } from './planGroups.js';

const node = (pod: string, group = 'validator'): PlannedNode => ({
  network: 'rococo-ten',
  group,
  pod,
  role: 'validator',
  keys: { secret: 'validator-keys', secretKey: 'seed', keyPath: `//${pod}//{type}//g{generation}`, accountPath: `//${pod}`, keyTypes: [{ type: 'gran', scheme: 'ed25519' }], generation: 2 },
});
const rotate = (i: number): OnChainStep => ({ kind: 'set-session-keys', node: node(`validator-${i}`), fromGeneration: 1, toGeneration: 2, reason: 'rotation' });

describe('groupSteps', () => {
  it('folds a rotation of ten validators into one line that names the range, the generations and the count', () => {
    const groups = groupSteps(Array.from({ length: 10 }, (_, i) => rotate(i)));
    expect(groups).toHaveLength(1);
    expect(groups[0]!.summary).toBe('rotate session keys of `validator-0` … `validator-9`, generation 1→2 — 10 nodes');
    expect(groups[0]!.steps).toHaveLength(10);
    expect(groups[0]!.destructive).toBe(false);
  });

  it('keeps keys and registrations of new nodes as two groups, in plan order', () => {
    const steps: OnChainStep[] = [10, 11, 12].flatMap((i): OnChainStep[] => [
      { kind: 'set-session-keys', node: node(`validator-${i}`), toGeneration: 1, reason: 'new-node' },
      { kind: 'register-validator', node: node(`validator-${i}`) },
    ]);
    expect(groupSteps(steps).map((g) => g.summary)).toEqual([
      'set session keys of `validator-10` … `validator-12` (generation 1) — 3 nodes',
      'register validators `validator-10` … `validator-12` — 3 nodes',
    ]);
  });

  it('does not merge steps of different groups or generations', () => {
    const other: OnChainStep = { kind: 'set-session-keys', node: node('validator-3'), fromGeneration: 2, toGeneration: 3, reason: 'rotation' };
    expect(groupSteps([rotate(0), rotate(1), other])).toHaveLength(2);
  });

  it('a single step reads as the step itself', () => {
    expect(groupSteps([{ kind: 'register-validator', node: node('validator-10') }])[0]!.summary).toBe('register validator `validator-10`');
  });

  it('puts destructive groups first', () => {
    const steps: OnChainStep[] = [rotate(0), { kind: 'deregister-validator', node: node('validator-9') }, { kind: 'offboard-parachain', network: 'rockmine', paraId: 1000 }];
    expect(orderedGroups(steps).map((g) => [g.destructive, g.summary])).toEqual([
      [true, 'deregister validator `validator-9`'],
      [true, 'offboard para 1000'],
      [false, 'rotate session keys of `validator-0` generation 1→2'],
    ]);
  });
});

describe('podRange', () => {
  it('a contiguous run is first … last; gaps list the first few and count the rest', () => {
    expect(podRange(['v-0', 'v-1', 'v-2'])).toBe('`v-0` … `v-2`');
    expect(podRange(['v-0', 'v-2'])).toBe('`v-0`, `v-2`');
    expect(podRange(['v-0', 'v-2', 'v-4', 'v-6', 'v-8'])).toBe('`v-0`, `v-2`, `v-4` and 2 more');
  });
});
