import { describe, expect, it } from 'vitest';
import { compileGlob, gobwasMatch, goPathMatch } from './match.js';

// Expectations from the dialects' documentation (gobwas/glob v1.0.0 README, Go's path.Match
// doc comment), not from this implementation.

describe('gobwas glob', () => {
  it.each([
    ['*.github.com', 'api.github.com', '', true],
    ['api.*.com', 'api.github.com', '.', true],
    ['api.*.com', 'api.gi.hub.com', '.', false],
    ['api.**.com', 'api.gi.hub.com', '.', true],
    ['?at', 'cat', '', true],
    ['?at', 'fat', 'f', false],
    ['?at', 'at', '', false],
    ['[abc]at', 'cat', '', true],
    ['[abc]at', 'fat', '', false],
    ['[!abc]at', 'fat', '', true],
    ['[!abc]at', 'bat', '', false],
    ['[a-c]at', 'bat', '', true],
    ['[!a-c]at', 'cat', '', false],
    ['{cat,bat,[fr]at}', 'rat', '', true],
    ['{cat,bat,[fr]at}', 'zat', '', false],
    ['\\*.github.com', '*.github.com', '', true],
    ['\\*.github.com', 'api.github.com', '', false],
    // With no separators `*` crosses everything.
    ['kube-*', 'kube-system/x', '', true],
    ['https://github.com/*', 'https://github.com/org/repo', '/', false],
    ['https://github.com/**', 'https://github.com/org/repo', '/', true],
    // `{,a}`: an empty alternative matches nothing more.
    ['x{,-y}', 'x', '', true],
    ['x{,-y}', 'x-y', '', true],
  ])('%s ~ %s (separators %j) → %s', (pattern, text, separators, expected) => {
    expect(gobwasMatch(pattern, text, separators)).toBe(expected);
  });

  it('a malformed pattern matches nothing, not even itself', () => {
    for (const bad of ['{a,b', '[abc', '[]', 'a\\', '[c-a]']) {
      expect(compileGlob(bad, 'gobwas').ok).toBe(false);
      expect(gobwasMatch(bad, bad)).toBe(false);
    }
  });

  it('stays linear on patterns that make backtracking matchers explode', () => {
    const pattern = '*a'.repeat(30) + 'b';
    const text = 'a'.repeat(5_000);
    // Bounded work: with a backtracking matcher this would not finish.
    expect(gobwasMatch(pattern, text)).toBe(false);
    expect(gobwasMatch(pattern, `${text}b`)).toBe(true);
  });
});

describe("Go's path.Match", () => {
  it.each([
    ['networks/*', 'networks/dev', true],
    ['networks/*', 'networks/dev/sub', false],
    ['networks/*', 'networks', false],
    ['*', 'StatefulSet', true],
    ['*', '', true],
    ['', '', true],
    ['', 'apps', false],
    ['rbac.*', 'rbac.authorization.k8s.io', true],
    ['Cluster*', 'ClusterRole', true],
    ['Cluster*', 'Role', false],
    ['networks/dev?', 'networks/dev2', true],
    ['networks/dev?', 'networks/dev/', false],
    ['[^a]pps', 'bpps', true],
    ['[^a]pps', 'apps', false],
    ['[a-c]', 'b', true],
    // Classes may match '/', unlike * and ?.
    ['a[/]b', 'a/b', true],
    ['\\*', '*', true],
    ['\\*', 'x', false],
    // Braces are literal here.
    ['{a,b}', 'a', false],
    ['{a,b}', '{a,b}', true],
  ])('%s ~ %s → %s', (pattern, text, expected) => {
    expect(goPathMatch(pattern, text)).toBe(expected);
  });

  it('a malformed pattern (ErrBadPattern) matches nothing', () => {
    for (const bad of ['[', '[]a]', '[a', 'a\\', '[a-]', '[-a]']) {
      expect(compileGlob(bad, 'gopath').ok).toBe(false);
      expect(goPathMatch(bad, 'a')).toBe(false);
    }
  });
});

describe('bounds', () => {
  it('refuses over-long patterns and deeply nested alternatives as malformed', () => {
    expect(compileGlob('a'.repeat(2_000), 'gobwas')).toMatchObject({ ok: false });
    expect(compileGlob('a'.repeat(2_000), 'gopath')).toMatchObject({ ok: false });
    expect(compileGlob('{'.repeat(40) + 'a' + '}'.repeat(40), 'gobwas')).toMatchObject({ ok: false });
    expect(compileGlob('{'.repeat(5) + 'a' + '}'.repeat(5), 'gobwas')).toMatchObject({ ok: true });
  });
});
