// runTool against real child processes (small node scripts): the progress-following limit
// stops only a process that neither prints nor computes, the progress line is printed, and
// an abort stops the tool.
import { describe, expect, it } from 'vitest';
import { ToolError } from '../errors.js';
import { runTool } from './run.js';

const node = (script: string) => [process.execPath, ['-e', script]] as const;
const fast = { idleTimeoutMs: 1_500, progressSampleMs: 100 };

describe('runTool with a progress-following limit', () => {
  it('stops a process that prints nothing and uses no CPU time, saying so', async () => {
    const [file, args] = node('setTimeout(() => {}, 60_000)');
    const error = await runTool('sleeper', file, args, fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolError);
    expect(error).toMatchObject({ timedOut: true, message: expect.stringMatching(/^sleeper showed no progress \(no output, no CPU time\) for \ds and was stopped$/) });
  });

  it('lets a process that keeps printing run past the idle limit, and keeps all of its output', async () => {
    const [file, args] = node('let n = 0; const t = setInterval(() => { console.log(`line ${n}`); if (++n === 40) clearInterval(t); }, 100)');
    const result = await runTool('printer', file, args, fast);
    expect(result.stdout.trim().split('\n')).toHaveLength(40);
  });

  it('lets a silent process that keeps computing run past the idle limit', async () => {
    // Busy for 4 s in small slices, printing nothing.
    const [file, args] = node('const end = Date.now() + 4_000; while (Date.now() < end) {} console.log("done")');
    const result = await runTool('compiler', file, args, fast);
    expect(result.stdout.trim()).toBe('done');
  });

  it('counts the CPU time of child processes: a parent waiting on a busy child is progressing', async () => {
    const child = 'const end = Date.now() + 4_000; while (Date.now() < end) {}';
    const [file, args] = node(`require('node:child_process').execFileSync(process.execPath, ['-e', ${JSON.stringify(child)}]); console.log('done')`);
    const result = await runTool('go', file, args, fast);
    expect(result.stdout.trim()).toBe('done');
  });

  it('prints the progress line at a steady interval while the tool runs', async () => {
    const lines: string[] = [];
    const [file, args] = node('let n = 0; const t = setInterval(() => { console.log(n); if (++n === 25) clearInterval(t); }, 100)');
    await runTool('go', file, args, { ...fast, progress: { label: 'installing conftest v0.69.0', write: (l) => lines.push(l), everyMs: 1_000 } });
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const line of lines) expect(line).toMatch(/^installing conftest v0\.69\.0 … \ds$/);
  });

  it('stops the tool when the signal is aborted, naming the reason', async () => {
    const controller = new AbortController();
    const [file, args] = node('setInterval(() => console.log("building"), 100)');
    const running = runTool('go', file, args, { ...fast, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('the relay chain failed to start')), 300);
    await expect(running).rejects.toThrow(/^go was stopped: the relay chain failed to start$/);
  });
});
