import { describeStep, isDestructive, type OnChainStep } from '../plan/types.js';

// Pure: a plan of a hundred similar steps reads as a handful of lines. Steps of the same kind
// on the same node group (and, for keys, the same generations) form one group, in the order
// their first step appears; a reviewer expands a group to see every node.

export interface StepGroup {
  steps: OnChainStep[];
  destructive: boolean;
  /** One line for the whole group (markdown, pod names in backticks). */
  summary: string;
}

function groupKey(step: OnChainStep): string {
  switch (step.kind) {
    case 'onboard-parachain':
    case 'offboard-parachain':
      return `${step.kind}:${step.paraId}`;
    case 'set-session-keys':
      return `${step.kind}:${step.node.group}:${step.reason}:${step.fromGeneration ?? '?'}:${step.toGeneration}`;
    case 'register-collator':
    case 'deregister-collator':
      return `${step.kind}:${step.node.group}:${step.mode}`;
    default:
      return `${step.kind}:${step.node.group}`;
  }
}

function podOf(step: OnChainStep): string | undefined {
  return 'node' in step ? step.node.pod : undefined;
}

/** `validator-0` … `validator-9` for a contiguous run, else the first few and a count. */
export function podRange(pods: readonly string[]): string {
  const indexed = pods.map((p) => /^(.*)-(\d+)$/.exec(p));
  const sameGroup = indexed.every((m) => m && m[1] === indexed[0]?.[1]);
  const numbers = indexed.map((m) => Number(m?.[2]));
  const contiguous = sameGroup && numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1);
  if (pods.length > 2 && contiguous) return `\`${pods[0]}\` … \`${pods.at(-1)}\``;
  if (pods.length <= 4) return pods.map((p) => `\`${p}\``).join(', ');
  return `${pods
    .slice(0, 3)
    .map((p) => `\`${p}\``)
    .join(', ')} and ${pods.length - 3} more`;
}

function summarize(steps: readonly OnChainStep[]): string {
  const first = steps[0]!;
  if (steps.length === 1) return describeStep(first);
  const pods = podRange(steps.map(podOf).filter((p): p is string => !!p));
  const count = `${steps.length} nodes`;
  switch (first.kind) {
    case 'set-session-keys':
      return first.reason === 'rotation'
        ? `rotate session keys of ${pods}, generation ${first.fromGeneration ?? '?'}→${first.toGeneration} — ${count}`
        : `set session keys of ${pods} (generation ${first.toGeneration}) — ${count}`;
    case 'register-validator':
      return `register validators ${pods} — ${count}`;
    case 'deregister-validator':
      return `deregister validators ${pods} — ${count}`;
    case 'register-collator':
      return `add collators ${pods} as ${first.mode} — ${count}`;
    case 'deregister-collator':
      return `remove collators ${pods} (${first.mode}) — ${count}`;
    default:
      return describeStep(first);
  }
}

export function groupSteps(steps: readonly OnChainStep[]): StepGroup[] {
  const groups = new Map<string, OnChainStep[]>();
  for (const step of steps) {
    const key = groupKey(step);
    const list = groups.get(key);
    if (list) list.push(step);
    else groups.set(key, [step]);
  }
  return [...groups.values()].map((list) => ({ steps: list, destructive: isDestructive(list[0]!), summary: summarize(list) }));
}

/** Groups for display: destructive ones first, otherwise in plan order. */
export function orderedGroups(steps: readonly OnChainStep[]): StepGroup[] {
  const groups = groupSteps(steps);
  return [...groups.filter((g) => g.destructive), ...groups.filter((g) => !g.destructive)];
}
