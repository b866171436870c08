// Webhook payload pieces → the pull request to check (pure).
import type { PullRequestTarget } from './prRun.js';

export interface PullLike {
  number: number;
  state?: string;
  head: { sha: string; ref: string; repo?: { full_name?: string } | null };
  base: { sha: string; ref: string; repo?: { full_name?: string } | null };
  user?: { login: string; type?: string } | null;
}

export function targetFromPull(pull: PullLike, owner: string, repo: string): PullRequestTarget {
  const baseName = pull.base.repo?.full_name ?? `${owner}/${repo}`;
  const headName = pull.head.repo?.full_name;
  return {
    owner,
    repo,
    number: pull.number,
    headSha: pull.head.sha,
    baseSha: pull.base.sha,
    baseRef: pull.base.ref,
    // A deleted fork has no head repository: treat it as a fork too.
    fork: headName === undefined || headName.toLowerCase() !== baseName.toLowerCase(),
    author: { login: pull.user?.login ?? 'ghost', type: pull.user?.type ?? 'User' },
  };
}

/** Why a pull request is not checked, or undefined when it is. */
export function skipReason(target: PullRequestTarget, baseBranch: string, state?: string): string | undefined {
  if (state !== undefined && state !== 'open') return `pull request #${target.number} is ${state}`;
  if (target.baseRef !== baseBranch) return `pull request #${target.number} targets ${target.baseRef}, not the configured base branch ${baseBranch}`;
  return undefined;
}
