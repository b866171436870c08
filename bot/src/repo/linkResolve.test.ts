import { describe, expect, it } from 'vitest';
import { resolveLink, type TreeNode } from './linkResolve.js';

const tree = (links: Record<string, string>) => (path: string): TreeNode | undefined => (path in links ? { kind: 'symlink', target: links[path]! } : undefined);

describe('resolveLink', () => {
  it('follows a chain through folders to where it really leads', () => {
    const lookup = tree({ 'a/link': '../b/hop/c', 'b/hop': '../d' });
    expect(resolveLink('a/link', lookup)).toEqual({ inside: true, path: 'd/c' });
  });

  it('sees a ".." after a symlinked folder leave the tree although the text stays inside', () => {
    const lookup = tree({ 'd/e/hop': '../..', x: 'd/e/hop/../etc' });
    expect(resolveLink('x', lookup)).toMatchObject({ inside: false, reason: expect.stringMatching(/leaves the repository/) });
  });

  it('stops a loop after the hop limit', () => {
    expect(resolveLink('a', tree({ a: 'b', b: 'a' }), undefined, 5)).toMatchObject({ inside: false, reason: expect.stringMatching(/loop/) });
  });

  it('refuses a chain passing through an absolute link', () => {
    expect(resolveLink('a', tree({ a: 'b/x', b: '/etc' }))).toMatchObject({ inside: false, reason: expect.stringMatching(/absolute path "\/etc"/) });
  });

  it('stops when the work budget shared by all links of an archive runs out', () => {
    // 100 links, each a chain through 30 deep folder links: far more lookups than the budget allows.
    const links: Record<string, string> = {};
    const deep = Array.from({ length: 30 }, (_, i) => `dir${i}`).join('/');
    for (let i = 0; i < 30; i++) links[`hop${i}`] = i === 29 ? deep : `hop${i + 1}`;
    const lookup = tree(links);
    const budget = { charsLeft: 20_000 };
    const outcomes = Array.from({ length: 100 }, () => resolveLink('hop0', lookup, budget));
    expect(outcomes[0]).toEqual({ inside: true, path: deep });
    expect(outcomes.at(-1)).toMatchObject({ inside: false, exhausted: true });
    expect(budget.charsLeft).toBeLessThan(0);
  });
});
