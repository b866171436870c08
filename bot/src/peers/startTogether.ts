// Start several peers in parallel (chains, the API server) and either have all of them or
// none: when one fails, every peer still starting — a chain loading its runtime, an API
// server still being built — is told to stop through the shared signal, every peer already
// up is stopped, and the first failure (with its log tail) is what the caller gets.

export interface Stoppable {
  stop(): Promise<void>;
}

export interface PeerStart<T extends Stoppable> {
  /** For messages: `relay chain`, `kube-apiserver`. */
  name: string;
  /** Start the peer; stop starting and reject when `signal` is aborted. */
  start: (signal: AbortSignal) => Promise<T>;
}

type Started<S> = { [K in keyof S]: S[K] extends PeerStart<infer T> ? T : never };

/** Why the others were told to stop (the signal's reason). */
export class SiblingFailed extends Error {
  override name = 'SiblingFailed';
}

export interface StartTogetherOptions {
  /** What happens to the other peers after a failure. */
  log?: (line: string) => void;
  /** Aborts every start from outside (Ctrl-C while starting). */
  signal?: AbortSignal;
}

/** Pure: what to say after a failed start, given how each peer ended. */
export function startupReport(failed: string, outcomes: readonly { name: string; outcome: 'stopped-while-starting' | 'stopped' | 'failed' }[]): string[] {
  const starting = outcomes.filter((o) => o.name !== failed && o.outcome !== 'stopped').map((o) => o.name);
  const up = outcomes.filter((o) => o.outcome === 'stopped').map((o) => o.name);
  return [
    `${failed} failed to start`,
    ...(starting.length ? [`stopped while still starting: ${starting.join(', ')}`] : []),
    ...(up.length ? [`stopped after it had started: ${up.join(', ')}`] : []),
  ];
}

export async function startTogether<const S extends readonly PeerStart<Stoppable>[]>(starts: S, options: StartTogetherOptions = {}): Promise<Started<S>> {
  const controller = new AbortController();
  const outside = options.signal;
  const onOutsideAbort = () => controller.abort(outside!.reason);
  outside?.addEventListener('abort', onOutsideAbort, { once: true });
  let first: { name: string; error: unknown } | undefined;
  const settled = await Promise.allSettled(
    starts.map(async (peer) => {
      try {
        return await peer.start(controller.signal);
      } catch (error) {
        if (!first) {
          first = { name: peer.name, error };
          controller.abort(new SiblingFailed(`${peer.name} failed to start`));
        }
        throw error;
      }
    }),
  );
  outside?.removeEventListener('abort', onOutsideAbort);
  if (!first) return settled.map((s) => (s as PromiseFulfilledResult<Stoppable>).value) as Started<S>;

  // A peer that finished starting although it was told to stop is stopped now.
  const outcomes = await Promise.all(
    settled.map(async (s, i) => {
      const name = starts[i]!.name;
      if (s.status === 'rejected') return { name, outcome: name === first!.name ? ('failed' as const) : ('stopped-while-starting' as const) };
      await s.value.stop().catch(() => undefined);
      return { name, outcome: 'stopped' as const };
    }),
  );
  for (const line of startupReport(first.name, outcomes).slice(1)) options.log?.(line);
  throw first.error;
}
