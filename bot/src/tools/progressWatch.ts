// Doing: watch one running process for progress (its output, its CPU time and its children's)
// and say when it has stalled; print a steady "what … how long" line while it runs.
import { processTreeCpuTicks } from './processCpu.js';
import { noteSample, progressLine, reportDue, startProgress, stalledFor } from './progress.js';

export interface ProgressReport {
  /** What is running, e.g. `installing conftest v0.69.0`. */
  label: string;
  write: (line: string) => void;
  /** Default 30 s. */
  everyMs?: number;
}

export interface ProgressWatchOptions {
  pid: number;
  /** Stall after this long without output or CPU time. */
  idleMs: number;
  /** How often CPU time is sampled (default 5 s). */
  sampleMs?: number;
  report?: ProgressReport;
  /** Called once when the process has stalled; the watch stops itself. */
  onStall: (idleMs: number) => void;
}

export interface ProgressWatch {
  /** The process printed something. */
  output(): void;
  stop(): void;
}

/** Progress lines go to stderr, one per line, unless a caller has its own log. */
export const stderrLine = (line: string): void => void process.stderr.write(`${line}\n`);

export function watchProgress(options: ProgressWatchOptions): ProgressWatch {
  let state = startProgress(Date.now());
  let sawOutput = false;
  let lastReportAt: number | undefined;
  let busy = false;
  let stopped = false;
  const everyMs = options.report?.everyMs ?? 30_000;
  const tick = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      const cpuTicks = await processTreeCpuTicks(options.pid);
      const now = Date.now();
      state = noteSample(state, { at: now, output: sawOutput, ...(cpuTicks !== undefined ? { cpuTicks } : {}) });
      sawOutput = false;
      if (stopped) return;
      const idle = stalledFor(state, now, { idleMs: options.idleMs });
      if (idle !== undefined) {
        stop();
        options.onStall(idle);
        return;
      }
      if (options.report && reportDue(state.startedAt, lastReportAt, now, everyMs)) {
        lastReportAt = now;
        options.report.write(progressLine(options.report.label, now - state.startedAt));
      }
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), options.sampleMs ?? 5_000);
  timer.unref();
  const stop = () => {
    stopped = true;
    clearInterval(timer);
  };
  return {
    output: () => {
      sawOutput = true;
    },
    stop,
  };
}
