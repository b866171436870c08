// Pure rules shared by the journal stores: a new entry's defaults, merge order, what counts
// as unfinished.
import { stepId } from '../plan/types.js';
import type { Journal, JournalEntry } from './types.js';

export type RecordInput = Parameters<Journal['record']>[0];

export function entryId(network: string, commit: string): string {
  return `${network}@${commit}`;
}

/** A recorded plan starts with every step planned and waits for Argo CD. */
export function newEntry(input: RecordInput): JournalEntry {
  const steps = input.steps ?? Object.fromEntries(input.plan.steps.map((step) => [stepId(step), { state: 'planned' as const }]));
  return { ...input, steps, status: input.status ?? 'waiting-for-sync' };
}

export function isUnfinished(entry: JournalEntry): boolean {
  return entry.status !== 'done' && entry.status !== 'failed';
}

/** By network, then merge order; the id breaks ties so the order is total. */
export function mergeOrder(a: JournalEntry, b: JournalEntry): number {
  return a.network.localeCompare(b.network) || a.sequence - b.sequence || a.id.localeCompare(b.id);
}
