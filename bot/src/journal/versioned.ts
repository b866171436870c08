// What both journal stores provide underneath `Journal`: reads that carry a version and a
// compare-and-set write. `update` is the same retry loop over these for every store.
import type { Journal, JournalEntry } from './types.js';

export interface Versioned {
  entry: JournalEntry;
  /** Opaque: a ConfigMap's resourceVersion, or a file's revision counter. */
  version: string;
}

export interface VersionedJournal extends Journal {
  read(id: string): Promise<Versioned | undefined>;
  /** Write `next` only if the entry is still at `version`; false when someone wrote in between. */
  compareAndSet(id: string, version: string, next: JournalEntry): Promise<boolean>;
  /** Every entry, in merge order. */
  list(): Promise<JournalEntry[]>;
}
