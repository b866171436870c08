// What the parent and the chain process (runner.ts) tell each other over the IPC channel.

export type BuildBlockMode = 'manual' | 'instant';

/** Passed to the runner as its single argument (JSON). */
export interface RunnerConfig {
  specFile: string;
  /** 0 lets the OS choose a free port; the runner reports the one it got. */
  port: number;
  buildBlockMode: BuildBlockMode;
  /** The chain stops itself after this long, whatever happens to its parent. */
  maxLifetimeMs: number;
}

export type RunnerMessage =
  | { type: 'ready'; port: number; chain: string; specName: string; specVersion: number; head: number }
  | { type: 'failed'; message: string; stack?: string };

export function isRunnerMessage(value: unknown): value is RunnerMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'ready' || type === 'failed';
}
