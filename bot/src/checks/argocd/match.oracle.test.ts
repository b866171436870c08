import { beforeAll, describe, expect, it } from 'vitest';
import { askGlobOracle, globOracle, type GlobQuery } from '../../../test/globOracle.js';
import { gobwasMatch, goPathMatch } from './match.js';

// Differential: the same random patterns and texts answered by this module and by the real
// matchers Argo CD links (Go's path.Match, gobwas/glob at Argo CD's pinned version). The
// alphabets are dense in metacharacters so malformed patterns, escapes, classes, negations and
// alternatives all occur often.

let oracle: string;
beforeAll(async () => {
  oracle = await globOracle();
}, 600_000);

function queries(dialect: GlobQuery['dialect'], count: number, seed: number): GlobQuery[] {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  const patternChars = ['a', 'b', '/', '.', '-', '*', '*', '?', '[', ']', '!', '^', '\\', '{', '}', ',', 'é'];
  const textChars = ['a', 'b', '/', '.', '-', '!', '*', '[', ']', '{', '}', ',', 'é'];
  const word = (chars: string[], max: number) => Array.from({ length: next(max + 1) }, () => chars[next(chars.length)]).join('');
  return Array.from({ length: count }, () => ({ dialect, pattern: word(patternChars, 10), text: word(textChars, 8), separators: dialect === 'gobwas' && next(2) ? '/' : '' }));
}

describe('glob matching agrees with the real Go matchers', () => {
  it.each([
    ['gopath', 1] as const,
    ['gobwas', 2] as const,
  ])('%s: 40,000 random pattern/text pairs', async (dialect, seed) => {
    const qs = queries(dialect, 40_000, seed);
    const expected = await askGlobOracle(oracle, qs);
    const mine = qs.map((q) => (q.dialect === 'gopath' ? goPathMatch(q.pattern, q.text) : gobwasMatch(q.pattern, q.text, q.separators)));
    const disagreements = qs.filter((_, i) => mine[i] !== expected[i]).slice(0, 5);
    expect(disagreements).toEqual([]);
    // The sample is not trivially one-sided.
    expect(expected.filter(Boolean).length).toBeGreaterThan(500);
  });
});
