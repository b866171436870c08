import type { ApiPromise } from '@polkadot/api';
import { query, tx } from './access.js';
import type { Call } from './calls.js';
import type { RuntimeFacts } from './metadata.js';
import { locationVersionFor, paraDestination, superuserTransact, transactWeight } from './xcm.js';
import { explainRelaySendFailure, isChildPara, relayToParaRoute, type RelayToParaRoute } from './xcmRoute.js';

// The para's root through the relay's sudo: `sudo(batchAll([forceXcmVersion?, send(Transact)]))`.
// The version decision is read from the relay's live state once per execution.

export interface RelayRoot {
  route: RelayToParaRoute;
  /** The relay extrinsic that makes the para run `calls` as root (Superuser). */
  wrap(calls: Call[]): Call;
  /** A relay-side failure of that extrinsic, with what to do about it. */
  explain(error: string): string;
}

/** The relay's recorded XCM version for a child para (`xcmPallet.supportedVersion`), if any. */
export async function supportedVersionOf(relay: ApiPromise, pallet: string, paraId: number): Promise<number | undefined> {
  // Keyed by (the relay's XCM version at the time of writing, the versioned location): match the location, whatever its encoding.
  const entries = await query(relay, pallet, 'supportedVersion').entries();
  for (const [key, value] of entries) {
    if (isChildPara(key.args[1]?.toJSON(), paraId)) {
      const v = value as unknown as { isSome?: boolean; unwrap?(): { toNumber(): number }; toNumber?(): number };
      if (v.isSome === false) continue;
      return v.unwrap ? v.unwrap().toNumber() : v.toNumber!();
    }
  }
  return undefined;
}

export async function relayRoot(relay: ApiPromise, relayFacts: RuntimeFacts, para: ApiPromise, paraFacts: RuntimeFacts, paraId: number): Promise<RelayRoot> {
  const pallet = relay.tx.xcmPallet ? 'xcmPallet' : 'polkadotXcm';
  const route = relayToParaRoute(relayFacts, paraFacts, await supportedVersionOf(relay, pallet, paraId));
  // forceXcmVersion takes an unversioned location, in the relay's own (newest) XCM version.
  const unversioned = Object.values(paraDestination(Math.max(...relayFacts.xcmVersions), paraId))[0];
  return {
    route,
    wrap(calls) {
      const inner = calls.length === 1 ? calls[0]! : tx(para, 'utility', 'batchAll')(calls);
      const weight = transactWeight({ refTime: 5_000_000_000n * BigInt(calls.length), proofSize: 100_000n * BigInt(calls.length) });
      const destination = paraDestination(locationVersionFor(route.version, relayFacts.xcmLocationVersions ?? relayFacts.xcmVersions), paraId);
      const send = tx(relay, pallet, 'send')(destination, superuserTransact(route.version, inner.method.toHex(), weight));
      const relayCalls = route.forceVersion === undefined ? [send] : [tx(relay, pallet, 'forceXcmVersion')(unversioned, route.forceVersion), send];
      return tx(relay, 'sudo', 'sudo')(relayCalls.length === 1 ? relayCalls[0]! : tx(relay, 'utility', 'batchAll')(relayCalls));
    },
    explain: (error) => explainRelaySendFailure(error, route, relayFacts, paraFacts, paraId),
  };
}
