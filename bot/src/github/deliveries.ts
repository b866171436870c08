// Delivery-id dedupe: GitHub may deliver a webhook again (a redelivery, a retry after a slow
// answer). A bounded, in-memory LRU: one replica processes a delivery id at most once.
// Several replicas do not share it; they rely on the check-run and comment upserts being
// idempotent (see bot/README.md).

export class DeliveryLog {
  private readonly seen = new Map<string, true>();

  constructor(private readonly capacity = 10_000) {}

  /** True the first time `id` is offered; false for a replay still remembered. */
  firstTime(id: string): boolean {
    if (this.seen.has(id)) {
      // Refresh its place: a delivery replayed often stays remembered.
      this.seen.delete(id);
      this.seen.set(id, true);
      return false;
    }
    this.seen.set(id, true);
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.keys().next().value!);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}
