import { describe, expect, it } from 'vitest';
import { CHECK_RUN_NAMES } from '../src/github/checkRuns.js';
import { benchPullRequest } from './prBench.js';

describe('the pull-request benchmark', () => {
  it('measures a real run to successful check run of every stage', async () => {
    const result = await benchPullRequest({ networks: 5 });
    expect(result.checkRuns).toBe(CHECK_RUN_NAMES.length);
    expect(result.conclusions.every((c) => c.endsWith(': success'))).toBe(true);
    expect(result.ms).toBeGreaterThan(0);
  }, 180_000);
});
