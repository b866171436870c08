import type { RuntimeFacts } from './metadata.js';
import { xcmVersionFor } from './metadata.js';

// Pure: how the relay's root reaches a parachain's root. The relay wraps every message it sends
// to the version it has on record for the destination (`xcmPallet.supportedVersion`), or to its
// `safeXcmVersion` when it has none; a parachain that cannot decode that version drops the
// message (`dmpQueue.InvalidFormat`) while the relay reports success. So the version is pinned
// first, in the same atomic sudo batch as the `send`, whenever the record is missing or newer
// than what both runtimes share.

export interface RelayToParaRoute {
  /** The XCM version the message is written in and delivered as. */
  version: number;
  /** Set when the relay's record must be pinned (`xcmPallet.forceXcmVersion`) before sending. */
  forceVersion?: number;
}

/** `supported`: the relay's `xcmPallet.supportedVersion` for the para's location, if any. */
export function relayToParaRoute(relay: RuntimeFacts, para: RuntimeFacts, supported: number | undefined): RelayToParaRoute {
  const version = xcmVersionFor(relay, para);
  return supported === undefined || supported > version ? { version, forceVersion: version } : { version };
}

/**
 * The relay's answer to a `send` it refused, with what an operator can do about it. Relay
 * runtimes that speak XCM v3 tag every outgoing message with `SetTopic`, a v3 instruction that
 * XCM v2 cannot carry: for a para that understands only v2 the relay's router has no route
 * (measured on paseo 1001002 → statemine 900: `xcmPallet.Unreachable` even for a bare
 * `ClearOrigin`).
 */
export function explainRelaySendFailure(error: string, route: RelayToParaRoute, relay: RuntimeFacts, para: RuntimeFacts, paraId: number): string {
  const refused = /xcmPallet\.(Unreachable|SendFailure)|polkadotXcm\.(Unreachable|SendFailure)/.test(error);
  if (!refused) return error;
  const newest = Math.max(...relay.xcmVersions);
  if (route.version < 3 && newest >= 3) {
    return (
      `${error} — the relay (${relay.runtime}) cannot send XCM v${route.version} to para ${paraId}: its router adds a v3 SetTopic to every message, ` +
      `and the para's runtime (${para.runtime}) understands XCM ${para.xcmVersions.join(',')} only. ` +
      `Upgrade the para's runtime to one with XCM v3 (that upgrade needs the para's root by another way: its own sudo, or a relay with parasSudoWrapper.sudoQueueDownwardXcm), then run the step again`
    );
  }
  return `${error} — the relay (${relay.runtime}) found no route to para ${paraId} at XCM v${route.version}: is the para registered on this relay?`;
}

/** Whether a versioned location (as @polkadot/api's `toJSON` gives it) is the relay's child para `paraId`. */
export function isChildPara(versioned: unknown, paraId: number): boolean {
  if (typeof versioned !== 'object' || versioned === null) return false;
  const location = Object.values(versioned)[0] as { parents?: number; interior?: Record<string, unknown> } | undefined;
  if (location?.parents !== 0 || !location.interior) return false;
  const [kind, junctions] = Object.entries(location.interior)[0] ?? [];
  if (kind?.toLowerCase() !== 'x1') return false;
  const junction = (Array.isArray(junctions) ? (junctions.length === 1 ? junctions[0] : undefined) : junctions) as Record<string, unknown> | undefined;
  const [name, id] = Object.entries(junction ?? {})[0] ?? [];
  return name?.toLowerCase() === 'parachain' && Number(id) === paraId;
}
