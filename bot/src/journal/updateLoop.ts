// `Journal.update` for any store: read, apply the change, compare-and-set; on a conflict
// read again and re-apply, so two writers never lose each other's change.
import type { JournalEntry } from './types.js';
import type { VersionedJournal } from './versioned.js';

export interface UpdateOptions {
  attempts?: number;
  /** Called on each lost race (for logs and tests). */
  onConflict?: (id: string, attempt: number) => void;
}

export class JournalConflictError extends Error {
  override name = 'JournalConflictError';
}

export async function updateWithRetry(
  store: Pick<VersionedJournal, 'read' | 'compareAndSet'>,
  id: string,
  change: (entry: JournalEntry) => JournalEntry,
  options: UpdateOptions = {},
): Promise<JournalEntry> {
  const attempts = options.attempts ?? 20;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const current = await store.read(id);
    if (!current) throw new Error(`journal entry ${id} does not exist; record it before updating it`);
    const next = change(structuredClone(current.entry));
    if (next.id !== id) throw new Error(`a journal change must not alter the id (${id} → ${next.id})`);
    if (await store.compareAndSet(id, current.version, next)) return next;
    options.onConflict?.(id, attempt);
    // Jitter, so writers that collided do not collide again in lockstep.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
  }
  throw new JournalConflictError(`journal entry ${id}: lost ${attempts} races in a row to other writers; try again`);
}
