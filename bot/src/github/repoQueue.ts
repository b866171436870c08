// Bounded concurrency per repository: a flood of pull-request events (or one author pushing
// fifty times) holds at most `limit` runs of that repository at once, while other repositories
// go on. A run still waiting is superseded by a newer one for the same slot (same pull request,
// same kind of run): only the newest commit is worth checking.

export type QueueOutcome<T> = { ran: true; value: T } | { ran: false; reason: 'superseded' };

interface Waiting {
  slot: string;
  start: () => void;
  drop: () => void;
}

interface Lane {
  running: number;
  waiting: Waiting[];
}

export class RepoQueue {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly limit = 2) {}

  /** Runs now, waits its turn, or ends superseded by a newer run for the same `slot` of `repo`. */
  async run<T>(repo: string, slot: string, work: () => Promise<T>): Promise<QueueOutcome<T>> {
    let lane = this.lanes.get(repo);
    if (!lane) {
      lane = { running: 0, waiting: [] };
      this.lanes.set(repo, lane);
    }
    if (lane.running >= this.limit) {
      const previous = lane.waiting.findIndex((w) => w.slot === slot);
      if (previous >= 0) lane.waiting.splice(previous, 1)[0]!.drop();
      const go = await new Promise<boolean>((resolve) => lane.waiting.push({ slot, start: () => resolve(true), drop: () => resolve(false) }));
      if (!go) return { ran: false, reason: 'superseded' };
      // The run that finished handed its place over: `running` already counts this one.
    } else lane.running++;
    try {
      return { ran: true, value: await work() };
    } finally {
      const next = lane.waiting.shift();
      if (next) next.start();
      else if (--lane.running === 0) this.lanes.delete(repo);
    }
  }

  /** Runs of `repo` waiting for a turn. */
  waitingFor(repo: string): number {
    return this.lanes.get(repo)?.waiting.length ?? 0;
  }
}
