import { describe, expect, it } from 'vitest';
import { formatDuration, noteSample, progressLine, reportDue, stalledFor, startProgress } from './progress.js';

const MIN = 60_000;

describe('the progress-following limit', () => {
  it('never stops a process that keeps using CPU time, however long it runs', () => {
    let state = startProgress(0);
    for (let at = 0; at <= 120 * MIN; at += 5_000) {
      state = noteSample(state, { at, cpuTicks: at / 100 });
      expect(stalledFor(state, at, { idleMs: 10 * MIN })).toBeUndefined();
    }
  });

  it('counts output as progress when CPU time is unknown', () => {
    let state = startProgress(0);
    for (let at = 0; at <= 60 * MIN; at += MIN) state = noteSample(state, { at, output: true });
    expect(stalledFor(state, 60 * MIN, { idleMs: 10 * MIN })).toBeUndefined();
  });

  it('stops one that neither prints nor uses CPU time for the idle limit', () => {
    let state = startProgress(0);
    state = noteSample(state, { at: 5_000, cpuTicks: 500 });
    state = noteSample(state, { at: 60_000, cpuTicks: 900, output: true });
    for (let at = 65_000; at < 60_000 + 10 * MIN; at += 5_000) {
      state = noteSample(state, { at, cpuTicks: 900 });
      expect(stalledFor(state, at, { idleMs: 10 * MIN })).toBeUndefined();
    }
    state = noteSample(state, { at: 60_000 + 10 * MIN, cpuTicks: 900 });
    expect(stalledFor(state, 60_000 + 10 * MIN, { idleMs: 10 * MIN })).toBe(10 * MIN);
  });

  it('takes the first CPU reading as the baseline, not as progress', () => {
    const state = noteSample(startProgress(0), { at: 11 * MIN, cpuTicks: 5_000 });
    expect(stalledFor(state, 11 * MIN, { idleMs: 10 * MIN })).toBe(11 * MIN);
  });

  it('prints one line per interval, saying what and how long', () => {
    expect(reportDue(0, undefined, 29_000, 30_000)).toBe(false);
    expect(reportDue(0, undefined, 31_000, 30_000)).toBe(true);
    expect(reportDue(0, 31_000, 36_000, 30_000)).toBe(false);
    expect(reportDue(0, 31_000, 61_000, 30_000)).toBe(true);
    expect(progressLine('installing conftest v0.69.0', 130_000)).toBe('installing conftest v0.69.0 … 2m10s');
    expect([formatDuration(999), formatDuration(45_000), formatDuration(3_780_000)]).toEqual(['0s', '45s', '1h03m']);
  });
});
