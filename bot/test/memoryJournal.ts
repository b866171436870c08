import type { Journal, JournalEntry } from '../src/journal/types.js';

// Test helper: a journal held in memory, with the same contract as the real ones (record is
// idempotent, update applies a change to the current entry). Lets a test "restart" an executor
// by handing the same instance to a fresh run.

export class MemoryJournal implements Journal {
  readonly entries = new Map<string, JournalEntry>();

  async record(entry: Parameters<Journal['record']>[0]): Promise<JournalEntry> {
    const existing = this.entries.get(entry.id);
    if (existing) return structuredClone(existing);
    const full: JournalEntry = { steps: {}, status: 'executing', ...entry };
    this.entries.set(entry.id, structuredClone(full));
    return full;
  }

  async get(id: string): Promise<JournalEntry | undefined> {
    const e = this.entries.get(id);
    return e ? structuredClone(e) : undefined;
  }

  async update(id: string, change: (entry: JournalEntry) => JournalEntry): Promise<JournalEntry> {
    const e = this.entries.get(id);
    if (!e) throw new Error(`no journal entry ${id}`);
    const next = change(structuredClone(e));
    this.entries.set(id, structuredClone(next));
    return next;
  }

  async unfinished(): Promise<JournalEntry[]> {
    return [...this.entries.values()].filter((e) => e.status !== 'done' && e.status !== 'failed').sort((a, b) => a.sequence - b.sequence);
  }
}
