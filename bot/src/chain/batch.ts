// Pure: split calls into as few `utility.batchAll` extrinsics as the runtime's limits allow.
// batchAll is atomic (plain `batch` stops silently at the first failure), so one extrinsic is
// all-or-nothing; the limits are the normal class's max extrinsic weight and the block length.

export interface Weight {
  refTime: bigint;
  proofSize: bigint;
}

export interface BatchLimits {
  /** system.blockWeights.perClass.normal.maxExtrinsic (proofSize unbounded on weight-v1 chains). */
  maxExtrinsicWeight: Weight;
  /** system.blockLength.max.normal, bytes. */
  maxLength: number;
  /** Fraction of the limits to use, leaving room for the batch/sudo overhead and estimate error. */
  fill?: number;
}

export interface Sized {
  weight: Weight;
  /** Encoded call length, bytes. */
  length: number;
}

const OVERHEAD_BYTES = 200;

/** Groups of consecutive item indices, order kept; an item too big alone gets its own group. */
export function splitIntoBatches(items: Sized[], limits: BatchLimits): number[][] {
  const fill = limits.fill ?? 0.6;
  const maxRef = scale(limits.maxExtrinsicWeight.refTime, fill);
  const maxProof = scale(limits.maxExtrinsicWeight.proofSize, fill);
  const maxLength = Math.floor(limits.maxLength * fill) - OVERHEAD_BYTES;
  const groups: number[][] = [];
  let current: number[] = [];
  let ref = 0n;
  let proof = 0n;
  let length = 0;
  items.forEach((item, i) => {
    const fits = ref + item.weight.refTime <= maxRef && proof + item.weight.proofSize <= maxProof && length + item.length <= maxLength;
    if (!fits && current.length > 0) {
      groups.push(current);
      current = [];
      ref = 0n;
      proof = 0n;
      length = 0;
    }
    current.push(i);
    ref += item.weight.refTime;
    proof += item.weight.proofSize;
    length += item.length;
  });
  if (current.length > 0) groups.push(current);
  return groups;
}

function scale(value: bigint, fill: number): bigint {
  return (value * BigInt(Math.round(fill * 1000))) / 1000n;
}

/** Items that alone exceed the limits: they cannot be submitted at all. */
export function oversized(items: Sized[], limits: BatchLimits): number[] {
  return items.flatMap((item, i) =>
    item.weight.refTime > limits.maxExtrinsicWeight.refTime || item.weight.proofSize > limits.maxExtrinsicWeight.proofSize || item.length > limits.maxLength ? [i] : [],
  );
}
