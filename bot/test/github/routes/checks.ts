// Check runs: create, update (annotations accumulate, as on GitHub), read, list.
import { resolveCommit } from '../gitData.js';
import { repoPulls, integer, notFound, paginate, unprocessable, type Handler, type HandlerContext, type Reply } from '../handler.js';
import { checkRun as shape } from '../shapes.js';
import { nextId, now, type Annotation, type CheckRun } from '../state.js';

type Output = { title?: string; summary?: string; text?: string; annotations?: Annotation[] };

async function reply(ctx: HandlerContext, run: CheckRun, status = 200): Promise<Reply> {
  return { status, body: shape(ctx.urls, run, ctx.app, await repoPulls(ctx)) };
}

/** GitHub's own rule: a completed run needs a conclusion, and a conclusion completes the run. */
function applyStatus(run: CheckRun, body: Record<string, unknown>): string | undefined {
  if (typeof body.conclusion === 'string') {
    run.conclusion = body.conclusion;
    run.status = 'completed';
  } else if (typeof body.status === 'string') {
    run.status = body.status;
  }
  if (typeof body.completed_at === 'string') run.completed_at = body.completed_at;
  if (run.status === 'completed' && run.conclusion === null) return 'conclusion is required when status is completed';
  if (run.status === 'completed') run.completed_at ??= now();
  return undefined;
}

function applyOutput(run: CheckRun, output: Output | undefined): void {
  if (!output) return;
  run.output = {
    title: output.title ?? run.output.title,
    summary: output.summary ?? run.output.summary,
    text: output.text ?? run.output.text,
  };
  run.annotations.push(...(output.annotations ?? []));
}

export const createCheckRun: Handler = async (ctx) => {
  const body = ctx.body;
  const run: CheckRun = {
    id: nextId(),
    repo: ctx.repo.fullName,
    name: String(body.name),
    head_sha: String(body.head_sha),
    status: 'queued',
    conclusion: null,
    started_at: typeof body.started_at === 'string' ? body.started_at : now(),
    completed_at: null,
    details_url: typeof body.details_url === 'string' ? body.details_url : null,
    external_id: typeof body.external_id === 'string' ? body.external_id : null,
    output: { title: null, summary: null, text: null },
    annotations: [],
    actions: Array.isArray(body.actions) ? body.actions : [],
    app_id: ctx.app.id,
  };
  const problem = applyStatus(run, body);
  if (problem) return unprocessable(problem);
  applyOutput(run, body.output as Output | undefined);
  ctx.state.checkRuns.push(run);
  return reply(ctx, run, 201);
};

function findRun(ctx: HandlerContext): CheckRun | undefined {
  const id = integer(ctx.params.check_run_id);
  return ctx.state.checkRuns.find((r) => r.id === id && r.repo === ctx.repo.fullName);
}

export const updateCheckRun: Handler = async (ctx) => {
  const run = findRun(ctx);
  if (!run) return notFound();
  const next: CheckRun = structuredClone(run);
  if (typeof ctx.body.name === 'string') next.name = ctx.body.name;
  if (typeof ctx.body.details_url === 'string') next.details_url = ctx.body.details_url;
  if (typeof ctx.body.external_id === 'string') next.external_id = ctx.body.external_id;
  const problem = applyStatus(next, ctx.body);
  if (problem) return unprocessable(problem);
  applyOutput(next, ctx.body.output as Output | undefined);
  Object.assign(run, next);
  return reply(ctx, run);
};

export const getCheckRun: Handler = async (ctx) => {
  const run = findRun(ctx);
  return run ? reply(ctx, run) : notFound();
};

export const listAnnotations: Handler = (ctx) => {
  const run = findRun(ctx);
  if (!run) return notFound();
  const { page, headers } = paginate(ctx, run.annotations);
  return { status: 200, body: page.map((a) => ({ ...a, blob_href: '', start_column: a.start_column ?? null, end_column: a.end_column ?? null })), headers };
};

export const listCheckRunsForRef: Handler = async (ctx) => {
  const sha = (await resolveCommit(ctx.repo.dir, ctx.params.ref!)) ?? ctx.params.ref!;
  const runs = ctx.state.checkRuns
    .filter((r) => r.repo === ctx.repo.fullName && r.head_sha === sha)
    .filter((r) => ctx.query.check_name === undefined || r.name === ctx.query.check_name)
    .reverse();
  const { page, headers } = paginate(ctx, runs);
  const pulls = await repoPulls(ctx);
  return { status: 200, body: { total_count: runs.length, check_runs: page.map((r) => shape(ctx.urls, r, ctx.app, pulls)) }, headers };
};
