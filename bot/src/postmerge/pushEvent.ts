// Pure: which pushes start a post-merge run. Only pushes to the default branch that move it
// forward; branch deletions, tags and other branches are ignored with a reason.
import { pullRequestFromMessage } from './mergeMessage.js';
import type { MergePush } from './types.js';

export interface PushPayload {
  ref: string;
  before: string;
  after: string;
  deleted?: boolean;
  repository: { default_branch?: string };
  head_commit?: { message?: string } | null;
}

export type PushDecision = { run: true; push: MergePush } | { run: false; reason: string };

export function decidePush(payload: PushPayload): PushDecision {
  const branch = payload.repository.default_branch ?? 'main';
  if (payload.ref !== `refs/heads/${branch}`) return { run: false, reason: `${payload.ref} is not the default branch ${branch}` };
  if (payload.deleted || /^0+$/.test(payload.after)) return { run: false, reason: 'the default branch was deleted' };
  const pullRequest = pullRequestFromMessage(payload.head_commit?.message ?? '');
  return { run: true, push: { before: payload.before, after: payload.after, ...(pullRequest !== undefined ? { pullRequest } : {}) } };
}
