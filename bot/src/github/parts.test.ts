// The small deciding pieces of the app: comment planning, redaction, dedupe, pacing,
// commands, targets and check-run outputs.
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../pipeline/types.js';
import { partMarker } from '../report/split.js';
import { annotationOf, batches, failedOutputs, stageOutputs } from './checkRuns.js';
import { parseCommand } from './commands.js';
import { planComments } from './comments.js';
import { DeliveryLog } from './deliveries.js';
import { redactKeyMaterial, WITHHELD } from './redact.js';
import { skipReason, targetFromPull } from './targets.js';
import { WritePacer } from './writePacer.js';

const body = (part: number, text: string) => `${partMarker(part)}\n\n${text}\n`;

describe('planComments', () => {
  it('updates changed parts in place, creates missing ones and deletes the surplus', () => {
    const existing = [
      { id: 1, body: body(1, 'old summary') },
      { id: 2, body: body(2, 'same') },
      { id: 3, body: body(3, 'gone') },
      { id: 4, body: 'a comment without a marker' },
    ];
    expect(planComments(existing, [body(1, 'new summary'), body(2, 'same')])).toEqual({ update: [{ id: 1, part: 1, body: body(1, 'new summary') }], create: [], delete: [3] });
    expect(planComments([], [body(1, 'a'), body(2, 'b')]).create.map((c) => c.part)).toEqual([1, 2]);
  });

  it('deletes duplicates of a part (left by a concurrent run)', () => {
    expect(planComments([{ id: 1, body: body(1, 'x') }, { id: 9, body: body(1, 'x') }], [body(1, 'x')])).toEqual({ update: [], create: [], delete: [9] });
  });
});

describe('redactKeyMaterial', () => {
  it('withholds every line holding key material, even with an allow marker, and nothing else', () => {
    const phrase = mnemonicGenerate(12);
    const text = ['+data:', `+  seed: "${phrase}"  # substrate-gitops: allow-key-material test`, '+  other: fine'].join('\n');
    const out = redactKeyMaterial(text);
    expect(out.withheld).toBe(1);
    expect(out.text).toBe(['+data:', WITHHELD, '+  other: fine'].join('\n'));
    expect(redactKeyMaterial('nothing here').text).toBe('nothing here');
  });
});

describe('DeliveryLog', () => {
  it('remembers ids up to its capacity, oldest forgotten first', () => {
    const log = new DeliveryLog(2);
    expect([log.firstTime('a'), log.firstTime('b'), log.firstTime('a')]).toEqual([true, true, false]);
    log.firstTime('c'); // evicts b (a was refreshed)
    expect([log.firstTime('a'), log.firstTime('b')]).toEqual([false, true]);
    expect(log.size).toBe(2);
  });
});

describe('WritePacer', () => {
  it('lets writes through until the window is full, then says how long to wait', () => {
    expect(WritePacer.delayFor([0, 10, 20], 30, 4, 1000)).toBe(0);
    expect(WritePacer.delayFor([0, 10, 20, 25], 30, 4, 1000)).toBe(970);
    expect(WritePacer.delayFor([0, 10, 20, 25], 1005, 4, 1000)).toBe(0);
  });

  it('runs scheduled jobs one at a time, in order', async () => {
    const pacer = new WritePacer({ perMinute: 100 });
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => pacer.schedule(async () => void order.push(n))));
    expect(order).toEqual([1, 2, 3]);
  });
});

describe('commands', () => {
  it('reads /check and /plan from the first line only', () => {
    expect(parseCommand('/check')).toBe('check');
    expect(parseCommand('  /plan please\nthanks')).toBe('plan');
    expect(parseCommand('please /check')).toBeUndefined();
    expect(parseCommand('> quoted\n/check')).toBeUndefined();
    expect(parseCommand('/checkout')).toBeUndefined();
  });
});

describe('targets', () => {
  const pull = { number: 3, head: { sha: 'h', ref: 'f', repo: { full_name: 'someone/testnets' } }, base: { sha: 'b', ref: 'main', repo: { full_name: 'acme/testnets' } }, user: { login: 'x', type: 'User' } };
  it('marks a head in another repository (or a deleted fork) as a fork', () => {
    expect(targetFromPull(pull, 'acme', 'testnets').fork).toBe(true);
    expect(targetFromPull({ ...pull, head: { ...pull.head, repo: null } }, 'acme', 'testnets').fork).toBe(true);
    expect(targetFromPull({ ...pull, head: { ...pull.head, repo: { full_name: 'ACME/testnets' } } }, 'acme', 'testnets').fork).toBe(false);
  });
  it('skips other base branches and closed pull requests, saying why', () => {
    const t = targetFromPull(pull, 'acme', 'testnets');
    expect(skipReason(t, 'main')).toBeUndefined();
    expect(skipReason(t, 'release')).toMatch(/targets main, not the configured base branch release/);
    expect(skipReason(t, 'main', 'closed')).toMatch(/is closed/);
  });
});

describe('check-run outputs', () => {
  const result: CheckResult = {
    ok: false,
    folders: ['networks/a'],
    networks: [],
    findings: Array.from({ length: 120 }, (_, i) => ({ check: i % 2 ? 'policy' : 'input', severity: i % 3 ? 'error' : 'warning', file: `networks/a/f${i}.yaml`, ...(i % 5 ? { line: i } : {}), message: `problem ${i}`, rule: `R-${i}` }) as CheckResult['findings'][number]),
    timings: {},
  };

  it('puts input findings under render, one annotation per finding, line 1 when there is none', () => {
    const outputs = stageOutputs(result, 'the comment');
    const render = outputs.find((o) => o.stage === 'render')!;
    expect(render.annotations).toHaveLength(60);
    expect(render.conclusion).toBe('failure');
    expect(outputs.find((o) => o.stage === 'schema')!.conclusion).toBe('success');
    expect(annotationOf(result.findings[0]!)).toMatchObject({ start_line: 1, title: 'R-0 (whole file)', annotation_level: 'warning' });
    expect(batches(render.annotations).map((b) => b.length)).toEqual([50, 10]);
  });

  it('a failed run says why in every stage', () => {
    expect(failedOutputs('GitHub answered 500').every((o) => o.conclusion === 'failure' && o.summary.includes('GitHub answered 500'))).toBe(true);
  });
});

describe('the overall run timeout', () => {
  it('rejects with a reason naming the setting when the work does not finish, and passes results through', async () => {
    const { withTimeout, RunTimeout, failureReason } = await import('./prRun.js');
    const never = new Promise<never>(() => undefined);
    const error = await withTimeout(never, 20).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunTimeout);
    expect(failureReason(error)).toMatch(/RunTimeout: the run took longer than limits.runTimeoutSeconds/);
    expect(await withTimeout(Promise.resolve(7), 1000)).toBe(7);
  });
});
