// After merge: plan → journal → sync gate → node health → execute → report, per network in
// merge order. The journal is written before each thing is done, so a restart (even after
// kill -9) resumes from it: `resume()` re-queues every unfinished entry, and the executor is
// told which steps were already submitted so it resolves them instead of submitting again.
import { describeTimeout } from '../cluster/applicationWatch.js';
import { describeGate } from '../cluster/deployGate.js';
import type { LeaderLease } from '../cluster/leaseDecision.js';
import { entryId } from '../journal/entries.js';
import type { Journal, JournalEntry } from '../journal/types.js';
import { NetworkQueues } from './networkQueues.js';
import { outcomeOf, stepsToRun } from './stepsToRun.js';
import type { ChainExecutor, DeploymentWaiter, HealthCheck, MergePlanner, MergePush, Progress, Reporter } from './types.js';

export interface PostMergeDeps {
  journal: Journal & { list(): Promise<JournalEntry[]> };
  planner: MergePlanner;
  waiter: DeploymentWaiter;
  health: HealthCheck;
  executor: ChainExecutor;
  reporter: Reporter;
  /** Only the holder executes; without one this process is the only executor. */
  leader?: LeaderLease;
  /** The network's RPC for an entry resumed from the journal (planning gives it for new ones). */
  rpcOf?: (entry: JournalEntry) => Promise<string>;
  /** How long Argo CD gets to deploy a merge (default 30 min). */
  syncTimeoutMs?: number;
  log?: (line: string) => void;
}

export class PostMerge {
  private readonly queues = new NetworkQueues();
  /** Planning and recording happen one push at a time, so merge order is delivery order. */
  private intake: Promise<unknown> = Promise.resolve();
  private readonly queued = new Set<string>();
  /** RPC endpoints by entry id, known from planning; a resumed entry asks `rpcOf`. */
  private readonly rpcs = new Map<string, string>();

  constructor(private readonly deps: PostMergeDeps) {}

  private log(line: string): void {
    this.deps.log?.(line);
  }

  /** Record the plan of every affected network, then queue its run. Resolves once recorded. */
  onPush(push: MergePush): Promise<JournalEntry[]> {
    const recorded = this.intake.then(async () => {
      const { planned, refused } = await this.deps.planner.plan(push);
      for (const r of refused) {
        this.log(`${r.network}@${push.after}: not applied: ${r.reason}`);
        // Nothing was recorded for it, so a report that fails is only logged.
        await this.deps.reporter.refused?.(push, r).catch((error: unknown) => this.log(`${r.network}@${push.after}: report failed: ${(error as Error).message}`));
      }
      const all = await this.deps.journal.list();
      const entries: JournalEntry[] = [];
      for (const { plan, rpc } of planned) {
        if (plan.steps.length === 0) continue;
        const sequence = Math.max(0, ...all.filter((e) => e.network === plan.network).map((e) => e.sequence)) + 1;
        const entry = await this.deps.journal.record({
          id: entryId(plan.network, push.after),
          network: plan.network,
          commit: push.after,
          sequence,
          ...(push.pullRequest !== undefined ? { pullRequest: push.pullRequest } : {}),
          plan,
        });
        this.rpcs.set(entry.id, rpc);
        entries.push(entry);
        this.schedule(entry);
      }
      return entries;
    });
    this.intake = recorded.catch(() => {});
    return recorded;
  }

  /** On start (or on becoming leader): queue every unfinished entry, in merge order. */
  resume(rpcOf?: (entry: JournalEntry) => string): Promise<JournalEntry[]> {
    const resumed = this.intake.then(async () => {
      const unfinished = await this.deps.journal.unfinished();
      for (const entry of unfinished) {
        if (rpcOf && !this.rpcs.has(entry.id)) this.rpcs.set(entry.id, rpcOf(entry));
        this.schedule(entry);
      }
      return unfinished;
    });
    this.intake = resumed.catch(() => {});
    return resumed;
  }

  /** Everything queued so far has run. */
  async idle(): Promise<void> {
    await this.intake;
    await this.queues.idle();
  }

  private schedule(entry: JournalEntry): void {
    if (entry.status === 'done' || entry.status === 'failed' || this.queued.has(entry.id)) return;
    this.queued.add(entry.id);
    void this.queues.enqueue(entry.network, async () => {
      try {
        await this.run(entry.id);
      } catch (error) {
        this.log(`${entry.id}: ${(error as Error).message}`);
        await this.finish(entry.id, { status: 'failed', reason: `the bot failed while running this plan: ${(error as Error).message}` }).catch((e: unknown) =>
          this.log(`${entry.id}: could not record the failure: ${(e as Error).message}`),
        );
      } finally {
        this.queued.delete(entry.id);
      }
    });
  }

  private async report(entry: JournalEntry, progress: Progress): Promise<JournalEntry> {
    try {
      const { commentId } = await this.deps.reporter.report(entry, progress);
      if (commentId !== undefined && commentId !== entry.commentId) return await this.deps.journal.update(entry.id, (e) => ({ ...e, commentId }));
    } catch (error) {
      // A report that could not be written must not stop the chain work; the next one retries.
      this.log(`${entry.id}: report failed: ${(error as Error).message}`);
    }
    return entry;
  }

  private async finish(id: string, outcome: { status: 'done' | 'failed'; reason?: string }): Promise<void> {
    const entry = await this.deps.journal.update(id, (e) => ({ ...e, status: outcome.status, ...(outcome.reason ? { reason: outcome.reason } : {}) }));
    await this.report(entry, { phase: outcome.status, ...(outcome.reason ? { detail: outcome.reason } : {}) });
  }

  private async run(id: string): Promise<void> {
    let entry = await this.deps.journal.get(id);
    if (!entry || entry.status === 'done' || entry.status === 'failed') return;
    if (this.deps.leader && !(await this.deps.leader.acquireOrRenew())) {
      this.log(`${id}: not the leader (${this.deps.leader.identity}); left in the journal for the leader`);
      return;
    }

    if (entry.status === 'waiting-for-sync') {
      entry = await this.report(entry, { phase: 'waiting-for-sync', detail: 'waiting for Argo CD to deploy the merge' });
      const outcome = await this.deps.waiter.waitForDeployment(entry.network, entry.commit, { timeoutMs: this.deps.syncTimeoutMs ?? 30 * 60_000 });
      if (outcome.kind !== 'deployed') {
        const reason = outcome.kind === 'timed-out' ? `Argo CD did not deploy it: ${describeTimeout(outcome, describeGate)}` : describeGate(outcome);
        return this.finish(id, { status: 'failed', reason });
      }
      this.log(`${id}: ${describeGate(outcome)}`);
    }

    const rpc = this.rpcs.get(id) ?? (await this.deps.rpcOf?.(entry));
    const health = rpc ? await this.deps.health.check(entry.network, rpc) : { ok: false as const, reason: 'no RPC endpoint known for the network' };
    if (!health.ok) {
      if (stepsToRun(entry).resolve.length > 0) {
        // Steps of an earlier run are in flight: keep the entry so the next start resolves them.
        const reason = `node not ready, steps in flight are resolved on the next start: ${health.reason}`;
        const kept = await this.deps.journal.update(id, (e) => ({ ...e, reason }));
        await this.report(kept, { phase: 'executing', detail: reason });
        return;
      }
      return this.finish(id, { status: 'failed', reason: `node not ready, nothing was submitted: ${health.reason}` });
    }
    // Leadership is checked again right before the chain: the wait may have been long.
    if (this.deps.leader && !(await this.deps.leader.acquireOrRenew())) {
      this.log(`${id}: lost the lease while waiting; left for the new leader`);
      return;
    }

    entry = await this.deps.journal.update(id, (e) => ({ ...e, status: 'executing' }));
    entry = await this.report(entry, { phase: 'executing' });
    const { resolve, submit } = stepsToRun(entry);
    try {
      await this.deps.executor.execute({ entry, journal: this.deps.journal, resolve, submit });
    } catch (error) {
      const now = (await this.deps.journal.get(id))!;
      if (stepsToRun(now).resolve.length > 0) {
        // Something is in flight on chain: stay `executing` so the next start resolves it.
        const reason = `stopped with steps in flight, resumed on the next start: ${(error as Error).message}`;
        const kept = await this.deps.journal.update(id, (e) => ({ ...e, reason }));
        await this.report(kept, { phase: 'executing', detail: reason });
        return;
      }
      return this.finish(id, { status: 'failed', reason: `the executor failed: ${(error as Error).message}` });
    }
    const after = await this.deps.journal.get(id);
    return this.finish(id, outcomeOf(after!));
  }
}
