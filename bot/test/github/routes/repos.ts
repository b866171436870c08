// Repository, contents, archives and comparisons read from the real git repository;
// commit statuses and deployments kept in memory.
import { countCommits, mergeBase, changedFiles, readCommits, readPath, resolveCommit, type TreeEntry } from '../gitData.js';
import { integer, notFound, paginate, type Handler, type HandlerContext } from '../handler.js';
import { commit, commitStatus, deployment, repository } from '../shapes.js';
import { nextId, now, type CommitStatus, type Deployment } from '../state.js';

export const getRepo: Handler = (ctx) => ({ status: 200, body: repository(ctx.urls, ctx.repo) });

function entryShape(ctx: HandlerContext, e: TreeEntry, ref: string): Record<string, unknown> {
  const base = `${ctx.urls.api}/repos/${ctx.repo.fullName}`;
  const url = `${base}/contents/${e.path}?ref=${encodeURIComponent(ref)}`;
  const html = `${ctx.urls.web}/${ctx.repo.fullName}/${e.type === 'dir' ? 'tree' : 'blob'}/${ref}/${e.path}`;
  const git = `${base}/git/${e.type === 'dir' ? 'trees' : 'blobs'}/${e.sha}`;
  return {
    type: e.type,
    name: e.name,
    path: e.path,
    sha: e.sha,
    size: e.size,
    url,
    html_url: html,
    git_url: git,
    download_url: e.type === 'file' ? `${ctx.urls.web}/${ctx.repo.fullName}/raw/${ref}/${e.path}` : null,
    _links: { self: url, git, html },
  };
}

export const getContent: Handler = async (ctx) => {
  const ref = typeof ctx.query.ref === 'string' ? ctx.query.ref : ctx.repo.defaultBranch;
  const sha = await resolveCommit(ctx.repo.dir, ref);
  if (!sha) return { ...notFound(), body: { message: `No commit found for the ref ${ref}`, status: '404' } };
  const found = await readPath(ctx.repo.dir, sha, ctx.params.path ?? '');
  if (!found) return notFound();
  if (found.kind === 'dir') return { status: 200, body: found.entries.map((e) => entryShape(ctx, e, ref)) };
  return {
    status: 200,
    // GitHub wraps base64 at 60 characters; clients must cope, so the stand-in does it too.
    body: { ...entryShape(ctx, found.entry, ref), encoding: 'base64', content: found.content.toString('base64').replace(/(.{60})/g, '$1\n') },
  };
};

/** Like GitHub: answer with a redirect to a short-lived archive address on another path. */
export const downloadTarball: Handler = async (ctx) => {
  const sha = await resolveCommit(ctx.repo.dir, ctx.params.ref!);
  if (!sha) return notFound();
  return { status: 302, headers: { location: `${ctx.urls.web}${codeloadPath(ctx.repo.owner, ctx.repo.name, sha)}` } };
};

export function codeloadPath(owner: string, repo: string, sha: string): string {
  return `/_codeload/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/legacy.tar.gz/${sha}`;
}

export const compare: Handler = async (ctx) => {
  const [baseRef, headRef] = (ctx.params.basehead ?? '').split('...');
  if (!baseRef || !headRef) return notFound();
  const dir = ctx.repo.dir;
  const [base, head] = await Promise.all([resolveCommit(dir, baseRef), resolveCommit(dir, headRef)]);
  if (!base || !head) return notFound();
  const mb = (await mergeBase(dir, base, head)) ?? base;
  const [aheadBy, behindBy, commits, files, [baseCommit], [mbCommit]] = await Promise.all([
    countCommits(dir, `${base}..${head}`),
    countCommits(dir, `${head}..${base}`),
    readCommits(dir, [`${base}..${head}`]),
    changedFiles(dir, mb, head),
    readCommits(dir, ['-1', base]),
    readCommits(dir, ['-1', mb]),
  ]);
  const status = aheadBy === 0 && behindBy === 0 ? 'identical' : behindBy === 0 ? 'ahead' : aheadBy === 0 ? 'behind' : 'diverged';
  return {
    status: 200,
    body: {
      url: `${ctx.urls.api}/repos/${ctx.repo.fullName}/compare/${ctx.params.basehead}`,
      html_url: `${ctx.urls.web}/${ctx.repo.fullName}/compare/${ctx.params.basehead}`,
      status,
      ahead_by: aheadBy,
      behind_by: behindBy,
      total_commits: commits.length,
      base_commit: commit(ctx.urls, ctx.repo, baseCommit!),
      merge_base_commit: commit(ctx.urls, ctx.repo, mbCommit!),
      commits: commits.map((c) => commit(ctx.urls, ctx.repo, c)),
      files: files.map((f) => ({ sha: head, ...f })),
    },
  };
};

export const createStatus: Handler = (ctx) => {
  const at = now();
  const s: CommitStatus = {
    id: nextId(),
    repo: ctx.repo.fullName,
    sha: ctx.params.sha!,
    state: ctx.body.state as CommitStatus['state'],
    target_url: typeof ctx.body.target_url === 'string' ? ctx.body.target_url : null,
    description: typeof ctx.body.description === 'string' ? ctx.body.description : null,
    context: typeof ctx.body.context === 'string' ? ctx.body.context : 'default',
    creator: ctx.actor,
    created_at: at,
    updated_at: at,
  };
  ctx.state.statuses.push(s);
  return { status: 201, body: commitStatus(ctx.urls, s) };
};

export const createDeployment: Handler = async (ctx) => {
  const ref = String(ctx.body.ref);
  const sha = await resolveCommit(ctx.repo.dir, ref);
  if (!sha) return { status: 422, body: { message: `No ref found for: ${ref}` }, rejection: `deployment ref ${ref} does not exist` };
  const d: Deployment = {
    id: nextId(),
    repo: ctx.repo.fullName,
    ref,
    sha,
    task: typeof ctx.body.task === 'string' ? ctx.body.task : 'deploy',
    environment: typeof ctx.body.environment === 'string' ? ctx.body.environment : 'production',
    description: typeof ctx.body.description === 'string' ? ctx.body.description : null,
    payload: ctx.body.payload ?? {},
    creator: ctx.actor,
    created_at: now(),
    statuses: [],
  };
  ctx.state.deployments.push(d);
  return { status: 201, body: deployment(ctx.urls, d) };
};

function findDeployment(ctx: HandlerContext): Deployment | undefined {
  const id = integer(ctx.params.deployment_id);
  return ctx.state.deployments.find((d) => d.id === id && d.repo === ctx.repo.fullName);
}

export const createDeploymentStatus: Handler = (ctx) => {
  const d = findDeployment(ctx);
  if (!d) return notFound();
  const s = {
    id: nextId(),
    state: String(ctx.body.state),
    description: typeof ctx.body.description === 'string' ? ctx.body.description : '',
    environment_url: typeof ctx.body.environment_url === 'string' ? ctx.body.environment_url : '',
    log_url: typeof ctx.body.log_url === 'string' ? ctx.body.log_url : '',
    created_at: now(),
  };
  d.statuses.push(s);
  return { status: 201, body: { ...s, node_id: `DS_${s.id}`, url: `${ctx.urls.api}/repos/${d.repo}/deployments/${d.id}/statuses/${s.id}`, deployment_url: `${ctx.urls.api}/repos/${d.repo}/deployments/${d.id}`, creator: { login: ctx.actor.login, id: ctx.actor.id, type: ctx.actor.type } } };
};

export const listDeployments: Handler = (ctx) => {
  const all = ctx.state.deployments
    .filter((d) => d.repo === ctx.repo.fullName)
    .filter((d) => ctx.query.environment === undefined || d.environment === ctx.query.environment)
    .filter((d) => ctx.query.sha === undefined || d.sha === ctx.query.sha)
    .reverse();
  const { page, headers } = paginate(ctx, all);
  return { status: 200, body: page.map((d) => deployment(ctx.urls, d)), headers };
};
