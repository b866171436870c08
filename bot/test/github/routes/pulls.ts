// Pull requests as registered by the test, their files from the real repository, and reviews.
import { changedFiles, mergeBase } from '../gitData.js';
import { findPull, integer, notFound, paginate, unprocessable, type Handler, type HandlerContext } from '../handler.js';
import { pullRequest, review as shape } from '../shapes.js';
import { nextId, now, type Review } from '../state.js';

export const getPull: Handler = async (ctx) => {
  const pr = await findPull(ctx, integer(ctx.params.pull_number));
  return pr ? { status: 200, body: pullRequest(ctx.urls, ctx.repos, pr) } : notFound();
};

export const listPullFiles: Handler = async (ctx) => {
  const pr = await findPull(ctx, integer(ctx.params.pull_number));
  if (!pr) return notFound();
  // Like GitHub: the change since the branches diverged, not a plain base..head diff.
  const base = (await mergeBase(ctx.repo.dir, pr.base.sha, pr.head.sha)) ?? pr.base.sha;
  const files = await changedFiles(ctx.repo.dir, base, pr.head.sha);
  const { page, headers } = paginate(ctx, files);
  const blob = (name: string): string => `${ctx.urls.web}/${ctx.repo.fullName}/blob/${pr.head.sha}/${name}`;
  return {
    status: 200,
    headers,
    body: page.map((f) => ({
      sha: pr.head.sha,
      ...f,
      blob_url: blob(f.filename),
      raw_url: `${ctx.urls.web}/${ctx.repo.fullName}/raw/${pr.head.sha}/${f.filename}`,
      contents_url: `${ctx.urls.api}/repos/${ctx.repo.fullName}/contents/${encodeURIComponent(f.filename)}?ref=${pr.head.sha}`,
    })),
  };
};

const REVIEW_STATES = { APPROVE: 'APPROVED', REQUEST_CHANGES: 'CHANGES_REQUESTED', COMMENT: 'COMMENTED' } as const;

export const createReview: Handler = async (ctx) => {
  const pr = await findPull(ctx, integer(ctx.params.pull_number));
  if (!pr) return notFound();
  const event = ctx.body.event as keyof typeof REVIEW_STATES | undefined;
  const body = typeof ctx.body.body === 'string' ? ctx.body.body : '';
  // GitHub's own rules, beyond what its schema says.
  if ((event === 'REQUEST_CHANGES' || event === 'COMMENT') && body.trim() === '') {
    return unprocessable(`a body is required when the review event is ${event}`);
  }
  if (event !== 'COMMENT' && event !== undefined && ctx.actor.login === pr.user?.login) {
    return unprocessable('a pull request author cannot approve or request changes on their own pull request');
  }
  const r: Review = {
    id: nextId(),
    repo: ctx.repo.fullName,
    pull_number: pr.number,
    body,
    state: event ? REVIEW_STATES[event] : 'PENDING',
    commit_id: typeof ctx.body.commit_id === 'string' ? ctx.body.commit_id : pr.head.sha,
    user: ctx.actor,
    submitted_at: now(),
    comments: Array.isArray(ctx.body.comments) ? ctx.body.comments : [],
  };
  ctx.state.reviews.push(r);
  return { status: 200, body: shape(ctx.urls, r) };
};

function pullReviews(ctx: HandlerContext): Review[] {
  const number = integer(ctx.params.pull_number);
  return ctx.state.reviews.filter((r) => r.repo === ctx.repo.fullName && r.pull_number === number);
}

export const listReviews: Handler = (ctx) => {
  const { page, headers } = paginate(ctx, pullReviews(ctx));
  return { status: 200, body: page.map((r) => shape(ctx.urls, r)), headers };
};

export const dismissReview: Handler = (ctx) => {
  const id = integer(ctx.params.review_id);
  const r = pullReviews(ctx).find((x) => x.id === id);
  if (!r) return notFound();
  if (r.state !== 'APPROVED' && r.state !== 'CHANGES_REQUESTED') {
    return unprocessable(`can not dismiss a ${r.state.toLowerCase()} pull request review`);
  }
  r.state = 'DISMISSED';
  r.dismissal_message = String(ctx.body.message);
  return { status: 200, body: shape(ctx.urls, r) };
};
