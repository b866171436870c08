import { describe, expect, it } from 'vitest';
import type { ArgoApplication } from './argoApplication.js';
import { deployGate, isFinal } from './deployGate.js';

const MERGED = 'a'.repeat(40);
const LATER = 'b'.repeat(40);
const OLDER = 'c'.repeat(40);
const containsNothing = async () => false;
const laterContainsMerged = async (later: string, merged: string) => later === LATER && merged === MERGED;

function app(status: ArgoApplication['status']): ArgoApplication {
  return { metadata: { name: 'rococo' }, status };
}

const synced = (revision: string, phase = 'Succeeded') => ({ phase, startedAt: '2026-01-01T10:00:00Z', finishedAt: '2026-01-01T10:01:00Z', syncResult: { revision } });

describe('deployGate', () => {
  it('reports a missing Application', async () => {
    expect(await deployGate(undefined, 'rococo', MERGED, containsNothing)).toEqual({ kind: 'no-application', name: 'rococo' });
  });

  it('waits while Argo CD has not synced at all', async () => {
    expect((await deployGate(app({ sync: { status: 'OutOfSync' } }), 'rococo', MERGED, containsNothing)).kind).toBe('waiting');
  });

  it('reports another revision that does not contain the merged commit', async () => {
    const result = await deployGate(app({ operationState: synced(OLDER), health: { status: 'Healthy', lastTransitionTime: '2026-01-01T10:02:00Z' } }), 'rococo', MERGED, containsNothing);
    expect(result).toEqual({ kind: 'other-revision', revision: OLDER });
  });

  it('waits while the sync of the merged commit runs, and while health is Progressing', async () => {
    expect(await deployGate(app({ operationState: synced(MERGED, 'Running'), health: { status: 'Progressing' } }), 'rococo', MERGED, containsNothing)).toMatchObject({
      kind: 'waiting',
      reason: expect.stringContaining('Running'),
    });
    expect(
      await deployGate(app({ operationState: synced(MERGED), health: { status: 'Progressing', lastTransitionTime: '2026-01-01T10:02:00Z' } }), 'rococo', MERGED, containsNothing),
    ).toMatchObject({ kind: 'waiting', reason: expect.stringContaining('Progressing') });
  });

  it('does not trust Healthy from before the sync finished', async () => {
    const result = await deployGate(app({ operationState: synced(MERGED), health: { status: 'Healthy', lastTransitionTime: '2026-01-01T09:00:00Z' } }), 'rococo', MERGED, containsNothing);
    expect(result).toMatchObject({ kind: 'waiting', reason: expect.stringContaining('before the sync finished') });
  });

  it('passes on the merged commit, Succeeded, Healthy since after the sync finished', async () => {
    const result = await deployGate(app({ operationState: synced(MERGED), health: { status: 'Healthy', lastTransitionTime: '2026-01-01T10:01:00Z' } }), 'rococo', MERGED, containsNothing);
    expect(result).toEqual({ kind: 'deployed', revision: MERGED });
    expect(isFinal(result)).toBe(true);
  });

  it('passes on a later commit that contains the merged one', async () => {
    const result = await deployGate(app({ operationState: synced(LATER), health: { status: 'Healthy', lastTransitionTime: '2026-01-01T10:05:00Z' } }), 'rococo', MERGED, laterContainsMerged);
    expect(result).toEqual({ kind: 'deployed', revision: LATER });
  });

  it('passes when a sync left health unchanged, once the controller reconciled after it', async () => {
    const unchanged = { status: 'Healthy', lastTransitionTime: '2026-01-01T09:00:00Z' };
    expect((await deployGate(app({ operationState: synced(MERGED), health: unchanged, reconciledAt: '2026-01-01T10:00:59Z' }), 'rococo', MERGED, containsNothing)).kind).toBe('waiting');
    expect(await deployGate(app({ operationState: synced(MERGED), health: unchanged, reconciledAt: '2026-01-01T10:01:10Z' }), 'rococo', MERGED, containsNothing)).toEqual({ kind: 'deployed', revision: MERGED });
  });

  it('falls back to reconciledAt when health has no lastTransitionTime', async () => {
    const before = await deployGate(app({ operationState: synced(MERGED), health: { status: 'Healthy' }, reconciledAt: '2026-01-01T10:00:30Z' }), 'rococo', MERGED, containsNothing);
    expect(before.kind).toBe('waiting');
    const after = await deployGate(app({ operationState: synced(MERGED), health: { status: 'Healthy' }, reconciledAt: '2026-01-01T10:03:00Z' }), 'rococo', MERGED, containsNothing);
    expect(after.kind).toBe('deployed');
    const never = await deployGate(app({ operationState: synced(MERGED), health: { status: 'Healthy' } }), 'rococo', MERGED, containsNothing);
    expect(never).toMatchObject({ kind: 'waiting', reason: expect.stringContaining('not been assessed') });
  });

  it('fails when the sync of the merged commit failed', async () => {
    const result = await deployGate(app({ operationState: { ...synced(MERGED, 'Failed'), message: 'one or more objects failed to apply' } }), 'rococo', MERGED, containsNothing);
    expect(result).toMatchObject({ kind: 'failed', reason: expect.stringContaining('one or more objects failed to apply') });
    expect(isFinal(result)).toBe(true);
  });
});
