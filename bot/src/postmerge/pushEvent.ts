// Pure: which pushes start a post-merge run. Only pushes to the default branch of the GitOps
// repository that move it forward; branch deletions and creations, tags, other branches and
// other repositories the app is installed on are ignored with a reason.
import { pullRequestFromMessage } from './mergeMessage.js';
import type { MergePush } from './types.js';

export interface PushPayload {
  ref: string;
  before: string;
  after: string;
  deleted?: boolean;
  created?: boolean;
  repository: { default_branch?: string; full_name?: string };
  head_commit?: { message?: string } | null;
}

export type PushDecision = { run: true; push: MergePush } | { run: false; reason: string };

const NO_COMMIT = /^0+$/;

/** `repository` (owner/name): the one repository whose merges are applied; others are ignored. */
export function decidePush(payload: PushPayload, options: { repository?: string } = {}): PushDecision {
  const name = payload.repository.full_name;
  if (options.repository && name?.toLowerCase() !== options.repository.toLowerCase()) {
    return { run: false, reason: `${name ?? 'the pushed repository'} is not the GitOps repository ${options.repository} (POST_MERGE_REPOSITORY)` };
  }
  const branch = payload.repository.default_branch ?? 'main';
  if (payload.ref !== `refs/heads/${branch}`) return { run: false, reason: `${payload.ref} is not the default branch ${branch}` };
  if (payload.deleted || NO_COMMIT.test(payload.after)) return { run: false, reason: 'the default branch was deleted' };
  if (payload.created || NO_COMMIT.test(payload.before)) {
    return { run: false, reason: 'the default branch was created by this push: there is no earlier commit to plan against; the next merge is planned as usual' };
  }
  const pullRequest = pullRequestFromMessage(payload.head_commit?.message ?? '');
  return { run: true, push: { before: payload.before, after: payload.after, ...(pullRequest !== undefined ? { pullRequest } : {}) } };
}
