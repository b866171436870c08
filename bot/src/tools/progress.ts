// Deciding: is a long-running process still getting somewhere? A slow machine is not a
// failure: a build that prints, or whose processes keep using CPU time, is left to finish
// however long it takes; only one that shows neither for `idleMs` is stopped.

export interface ProgressLimit {
  /** Stop after this long without output and without CPU time spent. */
  idleMs: number;
}

export interface ProgressState {
  startedAt: number;
  lastProgressAt: number;
  /** CPU time of the process and its children at the last sample (clock ticks), when known. */
  cpuTicks?: number;
}

export interface ProgressSample {
  at: number;
  /** The process printed something since the last sample. */
  output?: boolean;
  /** CPU time of the process and its children now; undefined when it cannot be read. */
  cpuTicks?: number;
}

export function startProgress(at: number): ProgressState {
  return { startedAt: at, lastProgressAt: at };
}

/** Fold one sample in: output or more CPU time than before counts as progress. */
export function noteSample(state: ProgressState, sample: ProgressSample): ProgressState {
  const cpuMoved = sample.cpuTicks !== undefined && state.cpuTicks !== undefined && sample.cpuTicks > state.cpuTicks;
  const progressed = sample.output === true || cpuMoved;
  return {
    startedAt: state.startedAt,
    lastProgressAt: progressed ? Math.max(state.lastProgressAt, sample.at) : state.lastProgressAt,
    ...(sample.cpuTicks !== undefined ? { cpuTicks: sample.cpuTicks } : state.cpuTicks !== undefined ? { cpuTicks: state.cpuTicks } : {}),
  };
}

/** How long the process has shown no progress, when that is at least the limit; else undefined. */
export function stalledFor(state: ProgressState, now: number, limit: ProgressLimit): number | undefined {
  const idle = now - state.lastProgressAt;
  return idle >= limit.idleMs ? idle : undefined;
}

/** 45s, 2m10s, 1h03m. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** The line printed while something runs: `installing conftest v0.69.0 … 2m10s`. */
export function progressLine(label: string, elapsedMs: number): string {
  return `${label} … ${formatDuration(elapsedMs)}`;
}

/** Whether a progress line is due: every `everyMs` after the start, never twice for one slot. */
export function reportDue(startedAt: number, lastReportAt: number | undefined, now: number, everyMs: number): boolean {
  const slot = Math.floor((now - startedAt) / everyMs);
  if (slot < 1) return false;
  return lastReportAt === undefined || Math.floor((lastReportAt - startedAt) / everyMs) < slot;
}
