import { describe, expect, it } from 'vitest';
import { benchPullRequest } from './prBench.js';

describe('the pull-request benchmark', () => {
  it('measures a real run to four successful check runs', async () => {
    const result = await benchPullRequest({ networks: 5 });
    expect(result.checkRuns).toBe(4);
    expect(result.conclusions.every((c) => c.endsWith(': success'))).toBe(true);
    expect(result.ms).toBeGreaterThan(0);
  }, 180_000);
});
