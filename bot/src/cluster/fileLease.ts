// Leader election without a cluster: the lease is a JSON file changed only under the
// journal's file lock, decided by the same rule as the Kubernetes Lease.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withFileLock } from '../journal/fileLock.js';
import { claimed, leaseVerdict, type LeaderLease, type LeaseRecord } from './leaseDecision.js';

export interface FileLeaseOptions {
  dir: string;
  identity: string;
  durationSeconds?: number;
  now?: () => number;
}

export class FileLease implements LeaderLease {
  readonly identity: string;
  private readonly file: string;
  private readonly durationSeconds: number;
  private readonly now: () => number;

  constructor(private readonly options: FileLeaseOptions) {
    this.identity = options.identity;
    this.file = join(options.dir, 'leader.json');
    this.durationSeconds = options.durationSeconds ?? 15;
    this.now = options.now ?? Date.now;
  }

  private async load(): Promise<LeaseRecord | undefined> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as LeaseRecord;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  private async save(record: LeaseRecord): Promise<void> {
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(record));
    await rename(temp, this.file);
  }

  private locked<T>(work: () => Promise<T>): Promise<T> {
    return mkdir(this.options.dir, { recursive: true }).then(() => withFileLock(join(this.options.dir, 'leader.lock'), work));
  }

  acquireOrRenew(): Promise<boolean> {
    return this.locked(async () => {
      const current = await this.load();
      const nowMs = this.now();
      if (current && leaseVerdict(current, this.identity, nowMs) === 'held') return false;
      await this.save(claimed(current, this.identity, nowMs, this.durationSeconds));
      return true;
    });
  }

  release(): Promise<void> {
    return this.locked(async () => {
      const current = await this.load();
      if (current?.holder !== this.identity) return;
      const { holder: _released, ...rest } = current;
      await this.save(rest);
    });
  }
}
