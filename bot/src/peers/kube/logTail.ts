// What a peer process printed last is what explains why it did not start; keep it, bounded.

/** Keeps the last `capacity` complete lines of a stream fed in arbitrary chunks. */
export class LogTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly capacity = 200) {}

  /** Add a chunk; returns the complete lines it finished. */
  push(chunk: string): string[] {
    const parts = (this.partial + chunk).split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const line of parts) {
      this.lines.push(line);
      if (this.lines.length > this.capacity) this.lines.shift();
    }
    return parts;
  }

  /** The last `count` lines, including an unfinished last line. */
  last(count = this.capacity): string[] {
    const all = this.partial ? [...this.lines, this.partial] : [...this.lines];
    return all.slice(-count);
  }
}

export interface StartFailure {
  /** Which process: `etcd`, `kube-apiserver`. */
  process: string;
  /** What did not happen, e.g. `did not become ready within 60 s`. */
  reason: string;
  /** Exit code or signal when the process is gone. */
  exit?: { code: number | null; signal: string | null };
  logLines: readonly string[];
  logFile?: string;
}

/** One message a test author can act on: what failed, how it ended, and its last words. */
export function formatStartFailure(failure: StartFailure, tailLines = 25): string {
  const ended = failure.exit
    ? ` (exited ${failure.exit.signal ? `on signal ${failure.exit.signal}` : `with code ${failure.exit.code}`})`
    : '';
  const lines = failure.logLines.slice(-tailLines).filter((line) => line.trim() !== '');
  const body = lines.length ? lines.map((line) => `  | ${line}`).join('\n') : '  | (no output)';
  const where = failure.logFile ? `\nfull log: ${failure.logFile}` : '';
  return `${failure.process} ${failure.reason}${ended}; last ${lines.length} log lines:\n${body}${where}`;
}
