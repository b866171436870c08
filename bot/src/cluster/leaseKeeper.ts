// Keeps the leader lease renewed in the background (every third of its duration), so a long
// wait or execution does not let it expire under the leader. Reports gains and losses.
import type { LeaderLease } from './leaseDecision.js';

export interface LeaseKeeper {
  isLeader(): boolean;
  stop(): Promise<void>;
}

export function keepLease(
  lease: LeaderLease,
  options: { everyMs: number; onChange?: (leader: boolean) => void; onError?: (error: unknown) => void },
): LeaseKeeper {
  let leader = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const tick = async () => {
    let now = false;
    try {
      now = await lease.acquireOrRenew();
    } catch (error) {
      // An unreachable API server means we cannot prove we lead: act as a follower.
      options.onError?.(error);
    }
    if (now !== leader) {
      leader = now;
      options.onChange?.(now);
    }
    if (!stopped) timer = setTimeout(() => (current = tick()), options.everyMs);
  };
  current = tick();
  return {
    isLeader: () => leader,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await current;
      if (leader) await lease.release();
      leader = false;
    },
  };
}
