import type { ApiPromise } from '@polkadot/api';
import { query } from './access.js';
import { registeredCandidates } from './readState.js';

// Room for new candidates. `collatorSelection.registerAsCandidate` fails with TooManyCandidates
// unless `desiredCandidates` exceeds the current candidate count, and only root can raise it. The
// bot raises it to exactly what the plan needs, never lowers it: lowering is a policy choice
// (it would push out candidates it does not manage). Not a journaled step: re-checked from
// the chain on every run, like the funding of node accounts.

export interface Candidacy {
  desired: number;
  candidates: number;
}

/** The `desiredCandidates` to set so `joining` more can register; undefined when there is room. */
export function desiredCandidatesFor(current: Candidacy, joining: number): number | undefined {
  if (joining <= 0) return undefined;
  const needed = current.candidates + joining;
  return current.desired >= needed ? undefined : needed;
}

export async function readCandidacy(api: ApiPromise): Promise<Candidacy> {
  const desired = Number((await query(api, 'collatorSelection', 'desiredCandidates')()).toString());
  return { desired, candidates: (await registeredCandidates(api)).size };
}
