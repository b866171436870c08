// One queue per network: the runs of one network happen in merge order, one at a time;
// different networks proceed independently (no global lock).

export class NetworkQueues {
  private readonly tails = new Map<string, Promise<void>>();

  /** Run `task` after everything queued before it for `network`; a failed task does not stop the queue. */
  enqueue(network: string, task: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(network) ?? Promise.resolve();
    // Tasks report their own failures; the queue only keeps the order.
    const run: Promise<void> = previous.then(() => task()).catch(() => {}).then(() => {
      if (this.tails.get(network) === run) this.tails.delete(network);
    });
    this.tails.set(network, run);
    return run;
  }

  /** Resolves once every queue is empty (for a graceful stop and for tests). */
  async idle(): Promise<void> {
    for (;;) {
      const tails = [...this.tails.values()];
      await Promise.all(tails);
      if (this.tails.size === 0) return;
    }
  }
}
