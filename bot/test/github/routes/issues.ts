// Issue (and pull request) comments: list, create, update, delete.
import { integer, notFound, paginate, type Handler, type HandlerContext } from '../handler.js';
import { issueComment as shape } from '../shapes.js';
import { nextId, now, type IssueComment } from '../state.js';

function findComment(ctx: HandlerContext): IssueComment | undefined {
  const id = integer(ctx.params.comment_id);
  return ctx.state.comments.find((c) => c.id === id && c.repo === ctx.repo.fullName);
}

export const listComments: Handler = (ctx) => {
  const number = integer(ctx.params.issue_number);
  const all = ctx.state.comments.filter((c) => c.repo === ctx.repo.fullName && c.issue_number === number);
  const { page, headers } = paginate(ctx, all);
  return { status: 200, body: page.map((c) => shape(ctx.urls, c, ctx.app)), headers };
};

export const createComment: Handler = (ctx) => {
  const at = now();
  const comment: IssueComment = {
    id: nextId(),
    repo: ctx.repo.fullName,
    issue_number: integer(ctx.params.issue_number),
    body: String(ctx.body.body),
    user: ctx.actor,
    created_at: at,
    updated_at: at,
  };
  ctx.state.comments.push(comment);
  return { status: 201, body: shape(ctx.urls, comment, ctx.app) };
};

export const getComment: Handler = (ctx) => {
  const comment = findComment(ctx);
  return comment ? { status: 200, body: shape(ctx.urls, comment, ctx.app) } : notFound();
};

export const updateComment: Handler = (ctx) => {
  const comment = findComment(ctx);
  if (!comment) return notFound();
  comment.body = String(ctx.body.body);
  comment.updated_at = now();
  return { status: 200, body: shape(ctx.urls, comment, ctx.app) };
};

export const deleteComment: Handler = (ctx) => {
  const comment = findComment(ctx);
  if (!comment) return notFound();
  ctx.state.comments.splice(ctx.state.comments.indexOf(comment), 1);
  return { status: 204 };
};
