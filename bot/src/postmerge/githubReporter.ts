// Reports a network's post-merge run on GitHub: a commit status on the merge commit, and one
// comment on the merged pull request that is created once and then updated in place.
import type { Octokit } from '@octokit/rest';
import { redactKeyMaterial } from '../github/redact.js';
import type { JournalEntry } from '../journal/types.js';
import { commitStatus, refusedStatus, renderComment, renderRefusedComment } from './progressReport.js';
import type { MergePush, Progress, RefusedNetwork, Reporter } from './types.js';

/** The slice of Octokit this needs (Probot's context.octokit and @octokit/rest both fit). */
export type ReporterOctokit = Pick<Octokit, 'rest'>;

export class GitHubReporter implements Reporter {
  constructor(
    private readonly octokit: ReporterOctokit,
    private readonly repo: { owner: string; repo: string },
    private readonly links: { targetUrl?: string } = {},
  ) {}

  async report(entry: JournalEntry, progress: Progress): Promise<{ commentId?: number }> {
    await this.octokit.rest.repos.createCommitStatus({ ...this.repo, sha: entry.commit, ...commitStatus(entry, progress), ...(this.links.targetUrl ? { target_url: this.links.targetUrl } : {}) });
    if (entry.pullRequest === undefined) return {};
    // Like every text the bot posts: a line that looks like key material is withheld.
    const body = redactKeyMaterial(renderComment(entry, progress)).text;
    if (entry.commentId !== undefined) {
      try {
        await this.octokit.rest.issues.updateComment({ ...this.repo, comment_id: entry.commentId, body });
        return { commentId: entry.commentId };
      } catch (error) {
        // Someone deleted the comment: write a new one rather than lose the report.
        if ((error as { status?: number }).status !== 404) throw error;
      }
    }
    const created = await this.octokit.rest.issues.createComment({ ...this.repo, issue_number: entry.pullRequest, body });
    return { commentId: created.data.id };
  }

  async refused(push: MergePush, refused: RefusedNetwork): Promise<void> {
    await this.octokit.rest.repos.createCommitStatus({ ...this.repo, sha: push.after, ...refusedStatus(refused.network, refused.reason), ...(this.links.targetUrl ? { target_url: this.links.targetUrl } : {}) });
    if (push.pullRequest === undefined) return;
    await this.octokit.rest.issues.createComment({ ...this.repo, issue_number: push.pullRequest, body: redactKeyMaterial(renderRefusedComment(refused.network, push.after, refused.reason)).text });
  }
}
