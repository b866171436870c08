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
    expect(resolveLink('a', tree({ a: 'b', b: 'a' }), 5)).toMatchObject({ inside: false, reason: expect.stringMatching(/loop/) });
  });

  it('refuses a chain passing through an absolute link', () => {
    expect(resolveLink('a', tree({ a: 'b/x', b: '/etc' }))).toMatchObject({ inside: false, reason: expect.stringMatching(/absolute path "\/etc"/) });
  });
});
