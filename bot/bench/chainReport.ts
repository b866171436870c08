// Pure: the chain benchmark's figures as the lines `npm run bench` prints — both paths, the
// ratios, and whether the batched path met the extrinsics target.
import type { PathFigures, RegistrationBench } from './chainBench.js';

/** The target: at most this many extrinsics for the whole registration. */
export const EXTRINSICS_TARGET = 2;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function path(f: PathFigures): string {
  return `${plural(f.nodes, 'node')} → ${plural(f.extrinsics, 'extrinsic')}, ${plural(f.blocks, 'block')}, ${seconds(f.ms)} (${seconds(f.ms / f.nodes)}/node)`;
}

export interface RegistrationComparison {
  /** Baseline over batched, per node (the totals' ratio when both ran on as many nodes). */
  extrinsicsRatio: number;
  timeRatio: number;
  sameNodes: boolean;
  targetMet: boolean;
}

export function compareRegistration(bench: RegistrationBench): RegistrationComparison {
  const { batched, perStep } = bench;
  const perNode = (value: number, f: PathFigures) => value / f.nodes;
  return {
    extrinsicsRatio: perNode(perStep.extrinsics, perStep) / perNode(batched.extrinsics, batched),
    timeRatio: perNode(perStep.ms, perStep) / perNode(batched.ms, batched),
    sameNodes: batched.nodes === perStep.nodes,
    targetMet: batched.extrinsics <= EXTRINSICS_TARGET,
  };
}

export function registrationLines(bench: RegistrationBench): string[] {
  const c = compareRegistration(bench);
  const basis = c.sameNodes ? 'same nodes' : `per node: baseline measured on ${bench.perStep.nodes} of the ${bench.batched.nodes} nodes`;
  return [
    `batched (the bot: executePlan, one sudo(utility.batchAll) per weight/length limit): ${path(bench.batched)}`,
    `per step (one sudo extrinsic per step: registration, then session keys; consecutive nonces): ${path(bench.perStep)}`,
    `baseline ÷ batched (${basis}): extrinsics ×${c.extrinsicsRatio.toFixed(1)}, wall time ×${c.timeRatio.toFixed(1)}`,
    `target ≤ ${EXTRINSICS_TARGET} extrinsics for ${bench.batched.nodes} nodes: ${c.targetMet ? 'met' : 'NOT met'} (${bench.batched.extrinsics})`,
  ];
}
