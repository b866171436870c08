// Has Argo CD deployed the merged commit? The recipe of Argo CD's own `on-deployed`
// notification trigger, as a decision: data in, verdict out. The only outside question,
// "does that later commit contain ours?", is asked through `contains`.
import type { ArgoApplication } from './argoApplication.js';

export type GateResult =
  | { kind: 'deployed'; revision: string }
  | { kind: 'waiting'; reason: string }
  /** Argo CD's last sync is of a revision that does not contain the merged commit. */
  | { kind: 'other-revision'; revision: string | undefined }
  | { kind: 'failed'; reason: string }
  | { kind: 'no-application'; name: string };

/** Does commit `later` contain commit `merged` (is `merged` one of its ancestors, or the same)? */
export type ContainsCommit = (later: string, merged: string) => Promise<boolean>;

const FAILED_PHASES = new Set(['Failed', 'Error']);

function sameCommit(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Evidence that health was assessed on the state the sync produced: a time not before the
 * sync's `finishedAt`. Argo CD ≥ 3.0 writes `status.health.lastTransitionTime` (when health last
 * changed). A sync that does not change health (an annotation-only change) never moves it, so
 * `status.reconciledAt` (the controller's last full comparison, health included) counts too.
 * Conditions are not used: they describe errors, not health.
 */
export function healthAssessedAfter(app: ArgoApplication, finishedAt: string): { at: string; source: 'health.lastTransitionTime' | 'reconciledAt' } | undefined {
  const finished = Date.parse(finishedAt);
  const candidates = [
    { at: app.status?.health?.lastTransitionTime, source: 'health.lastTransitionTime' as const },
    { at: app.status?.reconciledAt, source: 'reconciledAt' as const },
  ];
  for (const { at, source } of candidates) if (at && Date.parse(at) >= finished) return { at, source };
  return undefined;
}

/** The verdict for one observation of the Application (undefined: it does not exist). */
export async function deployGate(app: ArgoApplication | undefined, name: string, merged: string, contains: ContainsCommit): Promise<GateResult> {
  if (!app) return { kind: 'no-application', name };
  const operation = app.status?.operationState;
  const revision = operation?.syncResult?.revision;
  if (!operation || !revision) return { kind: 'waiting', reason: 'Argo CD has not synced this Application yet' };
  if (!sameCommit(revision, merged) && !(await contains(revision, merged))) return { kind: 'other-revision', revision };

  const phase = operation.phase ?? 'unknown';
  if (FAILED_PHASES.has(phase)) return { kind: 'failed', reason: `sync of ${revision.slice(0, 12)} ended ${phase}: ${operation.message ?? 'no message'}` };
  if (phase !== 'Succeeded') return { kind: 'waiting', reason: `sync of ${revision.slice(0, 12)} is ${phase}` };

  const health = app.status?.health?.status ?? 'Unknown';
  // Degraded may be a node still starting; the caller's timeout turns a lasting one into a report.
  if (health !== 'Healthy') return { kind: 'waiting', reason: `synced, health is ${health}${app.status?.health?.message ? ` (${app.status.health.message})` : ''}` };

  const finishedAt = operation.finishedAt;
  if (!finishedAt) return { kind: 'waiting', reason: 'sync has no finishedAt yet' };
  // Healthy as assessed before the sync finished says nothing about the new pods.
  if (!healthAssessedAfter(app, finishedAt)) {
    const seen = app.status?.health?.lastTransitionTime ?? app.status?.reconciledAt;
    return { kind: 'waiting', reason: seen ? `Healthy as of ${seen}, before the sync finished at ${finishedAt}` : 'health has not been assessed since the sync' };
  }
  return { kind: 'deployed', revision };
}

/** Results after which watching longer cannot change the answer. */
export function isFinal(result: GateResult): boolean {
  return result.kind === 'deployed' || result.kind === 'failed';
}

/** One line for a report. */
export function describeGate(result: GateResult): string {
  switch (result.kind) {
    case 'deployed':
      return `Argo CD deployed ${result.revision.slice(0, 12)} and the Application is Healthy`;
    case 'waiting':
      return `waiting for Argo CD: ${result.reason}`;
    case 'other-revision':
      return `Argo CD's last sync is of ${result.revision?.slice(0, 12) ?? 'an unknown revision'}, which does not contain the merged commit`;
    case 'failed':
      return `Argo CD could not deploy: ${result.reason}`;
    case 'no-application':
      return `there is no Argo CD Application named \`${result.name}\` (is the network listed by the ApplicationSet?)`;
  }
}
