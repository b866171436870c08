// Pure: steps an earlier run signed (journaled `submitted`) whose nonce the chain has not used
// yet. Such an extrinsic may still sit in a node's pool and land at any time, so it is never
// replaced by one with a fresh nonce: the same steps are signed again with the SAME nonce, and
// whichever of the signings lands is the result — the nonce lets at most one of them in.

export interface InFlight {
  signer: string;
  nonce: number;
  /** Every hash this nonce was signed as so far, newest first. */
  hashes: string[];
}

export interface InFlightGroup<U> {
  nonce: number;
  hashes: string[];
  units: U[];
}

/**
 * Split a lane's units (in lane order) into groups re-sent with their journaled nonce (ascending
 * nonce) and the rest, which get fresh nonces. Units of another signer are not in flight here.
 */
export function partitionInFlight<U extends { stepId: string }>(units: U[], inFlight: ReadonlyMap<string, InFlight>, signer: string): { groups: InFlightGroup<U>[]; fresh: U[] } {
  const byNonce = new Map<number, InFlightGroup<U>>();
  const fresh: U[] = [];
  for (const unit of units) {
    const flight = inFlight.get(unit.stepId);
    if (!flight || flight.signer !== signer) {
      fresh.push(unit);
      continue;
    }
    const group = byNonce.get(flight.nonce) ?? { nonce: flight.nonce, hashes: [], units: [] };
    for (const h of flight.hashes) if (!group.hashes.includes(h)) group.hashes.push(h);
    group.units.push(unit);
    byNonce.set(flight.nonce, group);
  }
  return { groups: [...byNonce.values()].sort((a, b) => a.nonce - b.nonce), fresh };
}
