// Deciding: where a symlink of an unpacked tree really leads, following every symlink on the
// way the way the file system would (a link's text alone can look inside while a symlink it
// passes through points elsewhere: `x -> d/hop/../etc` with `d/hop -> ../..` leaves the tree).

/** What a repo-relative path of the tree is; undefined for a folder or a path that does not exist. */
export type TreeNode = { kind: 'symlink'; target: string } | { kind: 'file' };

export type LinkResolution =
  | { inside: true; path: string }
  | { inside: false; reason: string; exhausted?: true };

/** As many symlinks as Linux follows for one path before giving up (ELOOP). */
export const MAX_LINK_HOPS = 40;

/** Longest path Linux resolves (PATH_MAX). */
const MAX_PATH_CHARS = 4096;

/**
 * Work left for following symlinks, in path characters looked up; shared by every link of
 * one archive, so tens of thousands of deep chains cannot make the check itself the bomb.
 */
export interface LinkBudget {
  charsLeft: number;
}

/**
 * Resolve the symlink at `linkPath` (repo-relative, POSIX) against the tree described by
 * `lookup`. A missing component is taken literally (nothing below it can be a symlink).
 */
export function resolveLink(linkPath: string, lookup: (path: string) => TreeNode | undefined, budget: LinkBudget = { charsLeft: Number.POSITIVE_INFINITY }, maxHops = MAX_LINK_HOPS): LinkResolution {
  const start = lookup(linkPath);
  if (start?.kind !== 'symlink') return { inside: true, path: linkPath };
  const stack = linkPath.split('/').filter((p) => p !== '');
  stack.pop();
  let hops = 1;
  let pending = splitTarget(start.target);
  if (pending === undefined) return { inside: false, reason: `symlink to absolute path "${start.target}"` };
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '.') continue;
    if (part === '..') {
      if (stack.length === 0) return { inside: false, reason: `symlink to "${start.target}" leaves the repository (followed through the tree)` };
      stack.pop();
      continue;
    }
    const path = stack.length === 0 ? part : `${stack.join('/')}/${part}`;
    budget.charsLeft -= path.length;
    if (budget.charsLeft < 0) return { inside: false, reason: 'the archive has more symlinks to follow than can be checked', exhausted: true };
    if (path.length > MAX_PATH_CHARS) return { inside: false, reason: `symlink to "${start.target}" resolves to a path longer than ${MAX_PATH_CHARS} characters` };
    const node = lookup(path);
    if (node?.kind === 'symlink') {
      hops += 1;
      if (hops > maxHops) return { inside: false, reason: `symlink to "${start.target}" is a loop (more than ${maxHops} symlinks followed)` };
      const next = splitTarget(node.target);
      if (next === undefined) return { inside: false, reason: `symlink to "${start.target}" passes through a symlink to absolute path "${node.target}"` };
      // A link's target is relative to the folder holding the link: `stack` as it is.
      pending = [...next, ...pending];
      continue;
    }
    stack.push(part);
  }
  return { inside: true, path: stack.join('/') };
}

/** The components of a relative link target; undefined when it is absolute. */
function splitTarget(target: string): string[] | undefined {
  const text = target.replaceAll('\\', '/');
  if (text === '' || text.startsWith('/') || /^[a-zA-Z]:/.test(text)) return undefined;
  return text.split('/').filter((p) => p !== '');
}
