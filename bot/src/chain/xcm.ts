// Pure: the XCM message a relay chain's root sends to make a parachain execute a call as its
// root (Superuser origin), as Parity's testnet tooling does for system parachains without sudo.
// Plain objects in the shape @polkadot/api's `VersionedXcm`/`VersionedLocation` accept.

export interface RefWeight {
  refTime: bigint;
  proofSize: bigint;
}

/** A child para as a `VersionedLocation` of `version` (≥ 1; v4 made junctions an array). */
export function paraDestination(version: number, paraId: number): Record<string, unknown> {
  const interior = version >= 4 ? { X1: [{ Parachain: paraId }] } : { X1: { Parachain: paraId } };
  return { [`V${version}`]: { parents: 0, interior } };
}

/**
 * The destination's version for a message of `messageVersion`: the highest location version the
 * runtime's `send` accepts that is not newer than the message (older runtimes pair an XCM v2
 * message with a V1 location, which has the same shape).
 */
export function locationVersionFor(messageVersion: number, locationVersions: readonly number[]): number {
  const usable = locationVersions.filter((v) => v >= 1 && v <= messageVersion);
  return usable.length > 0 ? Math.max(...usable) : messageVersion;
}

/** UnpaidExecution + Transact{Superuser} (v3+); v2 has no UnpaidExecution and a u64 weight. */
export function superuserTransact(version: number, callHex: string, weight: RefWeight): Record<string, unknown> {
  if (version <= 2) {
    return { V2: [{ Transact: { originType: 'Superuser', requireWeightAtMost: weight.refTime, call: { encoded: callHex } } }] };
  }
  const transact = { originKind: 'Superuser', requireWeightAtMost: { refTime: weight.refTime, proofSize: weight.proofSize }, call: { encoded: callHex } };
  return {
    [`V${version}`]: [{ UnpaidExecution: { weightLimit: 'Unlimited', checkOrigin: null } }, { Transact: transact }],
  };
}

/** Generous headroom over the estimate: unused Transact weight is refunded, too little fails. */
export function transactWeight(estimate: RefWeight): RefWeight {
  return { refTime: estimate.refTime * 2n + 1_000_000_000n, proofSize: estimate.proofSize * 2n + 100_000n };
}
