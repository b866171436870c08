// The local journal (the default outside a cluster): one JSON file per entry in a folder.
// Writes go to a temporary file that is fsynced and renamed over the entry, then the folder
// is fsynced, so a crash leaves the old or the new entry, never half of one. A lock file
// serialises writers across processes.
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { isUnfinished, mergeOrder, newEntry, type RecordInput } from './entries.js';
import { withFileLock, type LockOptions } from './fileLock.js';
import type { JournalEntry } from './types.js';
import { updateWithRetry, type UpdateOptions } from './updateLoop.js';
import type { Versioned, VersionedJournal } from './versioned.js';

interface StoredFile {
  revision: number;
  entry: JournalEntry;
}

const SUFFIX = '.json';

export class FileJournal implements VersionedJournal {
  constructor(
    readonly dir: string,
    private readonly options: { lock?: LockOptions; update?: UpdateOptions } = {},
  ) {}

  private fileOf(id: string): string {
    return join(this.dir, `${encodeURIComponent(id)}${SUFFIX}`);
  }

  private locked<T>(work: () => Promise<T>): Promise<T> {
    return mkdir(this.dir, { recursive: true }).then(() => withFileLock(join(this.dir, '.lock'), work, this.options.lock));
  }

  private async load(file: string): Promise<StoredFile | undefined> {
    let text;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return JSON.parse(text) as StoredFile;
    } catch (error) {
      throw new InputError(`journal file is not valid JSON: ${(error as Error).message}; restore it from a backup or move it aside`, file, undefined, { cause: error });
    }
  }

  private async store(file: string, content: StoredFile): Promise<void> {
    const temp = `${file}.${randomUUID()}.tmp`;
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(content, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, file);
    } catch (error) {
      await unlink(temp).catch(() => {});
      throw error;
    }
    // The rename itself is durable only once the folder is.
    const folder = await open(this.dir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }

  async record(input: RecordInput): Promise<JournalEntry> {
    return this.locked(async () => {
      const file = this.fileOf(input.id);
      const existing = await this.load(file);
      if (existing) return existing.entry;
      const entry = newEntry(input);
      await this.store(file, { revision: 1, entry });
      return entry;
    });
  }

  async read(id: string): Promise<Versioned | undefined> {
    const stored = await this.load(this.fileOf(id));
    return stored && { entry: stored.entry, version: String(stored.revision) };
  }

  async get(id: string): Promise<JournalEntry | undefined> {
    return (await this.read(id))?.entry;
  }

  async compareAndSet(id: string, version: string, next: JournalEntry): Promise<boolean> {
    return this.locked(async () => {
      const file = this.fileOf(id);
      const current = await this.load(file);
      if (!current || String(current.revision) !== version) return false;
      await this.store(file, { revision: current.revision + 1, entry: next });
      return true;
    });
  }

  update(id: string, change: (entry: JournalEntry) => JournalEntry): Promise<JournalEntry> {
    return updateWithRetry(this, id, change, this.options.update);
  }

  async list(): Promise<JournalEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const entries: JournalEntry[] = [];
    for (const name of names.filter((n) => n.endsWith(SUFFIX))) {
      const stored = await this.load(join(this.dir, name));
      if (stored) entries.push(stored.entry);
    }
    return entries.sort(mergeOrder);
  }

  async unfinished(): Promise<JournalEntry[]> {
    return (await this.list()).filter(isUnfinished);
  }
}
