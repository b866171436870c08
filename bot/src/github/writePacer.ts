// Paces GitHub write requests: one at a time, at most `perMinute` in any sliding minute.
// Shaped like the Bottleneck group the throttling plugin expects (`key(id).schedule`), so it
// replaces the plugin's fixed one-write-per-second without another dependency.

type Job<T> = (...args: unknown[]) => Promise<T>;

export class WritePacer {
  private readonly perMinute: number;
  private readonly windowMs: number;
  private readonly started: number[] = [];
  private chain: Promise<unknown> = Promise.resolve();

  constructor(options: { perMinute: number; windowMs?: number }) {
    this.perMinute = options.perMinute;
    this.windowMs = options.windowMs ?? 60_000;
  }

  /** How long the next write must wait, given the start times of earlier writes (pure). */
  static delayFor(started: readonly number[], now: number, perMinute: number, windowMs: number): number {
    const recent = started.filter((t) => now - t < windowMs);
    if (recent.length < perMinute) return 0;
    return recent[recent.length - perMinute]! + windowMs - now;
  }

  schedule<T>(job: Job<T>, ...args: unknown[]): Promise<T> {
    const run = this.chain.then(async () => {
      const wait = WritePacer.delayFor(this.started, Date.now(), this.perMinute, this.windowMs);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const now = Date.now();
      this.started.push(now);
      while (this.started.length > 0 && now - this.started[0]! >= this.windowMs) this.started.shift();
    });
    this.chain = run.catch(() => undefined);
    return run.then(() => job(...args));
  }

  asGroup(): { key: (id: string) => { schedule: (options: unknown, job: Job<unknown>, ...args: unknown[]) => Promise<unknown> } } {
    return { key: () => ({ schedule: (_options, job, ...args) => this.schedule(job, ...args) }) };
  }
}
