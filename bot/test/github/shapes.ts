// Response bodies in GitHub's shapes: the fields clients read (ids, node ids, urls, states)
// are present and typed as GitHub types them; the rest is left out.
import type { GitCommit } from './gitData.js';
import { nodeId, type Actor, type CheckRun, type CommitStatus, type Deployment, type IssueComment, type PullRequest, type Review } from './state.js';

/** A pull request whose head and base commits have been looked up. */
export type ResolvedPullRequest = PullRequest & { head: { sha: string }; base: { sha: string } };

export interface Urls {
  /** Web root, as in html_url (http://127.0.0.1:port). */
  web: string;
  /** REST root (http://127.0.0.1:port/api/v3). */
  api: string;
}

export interface RepoEntry {
  owner: string;
  name: string;
  fullName: string;
  id: number;
  dir: string;
  defaultBranch: string;
  private: boolean;
}

export interface AppIdentity {
  id: number;
  slug: string;
  installationId: number;
  /** The account the app acts as: `<slug>[bot]`. */
  bot: Actor;
}

export function user(urls: Urls, actor: Actor): Record<string, unknown> {
  return {
    login: actor.login,
    id: actor.id,
    node_id: nodeId(actor.type === 'Bot' ? 'Bot' : 'User', actor.id),
    type: actor.type,
    site_admin: false,
    avatar_url: `${urls.web}/avatars/${actor.login}`,
    url: `${urls.api}/users/${encodeURIComponent(actor.login)}`,
    html_url: `${urls.web}/${encodeURIComponent(actor.login)}`,
  };
}

/** A stable id per login, so the same name is the same account across requests. */
export function actorFor(login: string, type: Actor['type'] = 'User'): Actor {
  let hash = 7;
  for (const ch of login) hash = (hash * 31 + ch.charCodeAt(0)) % 1_000_000;
  return { login, id: 100_000 + hash, type };
}

export function repository(urls: Urls, repo: RepoEntry, options: { fork?: boolean } = {}): Record<string, unknown> {
  const owner = actorFor(repo.owner, 'Organization');
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    owner: user(urls, owner),
    private: repo.private,
    visibility: repo.private ? 'private' : 'public',
    fork: options.fork ?? false,
    archived: false,
    disabled: false,
    default_branch: repo.defaultBranch,
    html_url: `${urls.web}/${repo.fullName}`,
    url: `${urls.api}/repos/${repo.fullName}`,
    clone_url: `${urls.web}/${repo.fullName}.git`,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
  };
}

export function checkRun(urls: Urls, run: CheckRun, app: AppIdentity, pulls: ResolvedPullRequest[]): Record<string, unknown> {
  return {
    id: run.id,
    node_id: nodeId('CheckRun', run.id),
    head_sha: run.head_sha,
    external_id: run.external_id,
    name: run.name,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.started_at,
    completed_at: run.completed_at,
    details_url: run.details_url,
    url: `${urls.api}/repos/${run.repo}/check-runs/${run.id}`,
    html_url: `${urls.web}/${run.repo}/runs/${run.id}`,
    output: {
      ...run.output,
      annotations_count: run.annotations.length,
      annotations_url: `${urls.api}/repos/${run.repo}/check-runs/${run.id}/annotations`,
    },
    check_suite: { id: run.id + 1 },
    app: { id: app.id, slug: app.slug, node_id: nodeId('App', app.id), name: app.slug, owner: user(urls, actorFor('test-owner')) },
    pull_requests: pulls
      .filter((p) => p.repo === run.repo && p.head.sha === run.head_sha)
      .map((p) => ({ id: p.id, number: p.number, url: `${urls.api}/repos/${p.repo}/pulls/${p.number}`, head: { ref: p.head.ref, sha: p.head.sha }, base: { ref: p.base.ref, sha: p.base.sha } })),
  };
}

export function issueComment(urls: Urls, comment: IssueComment, app: AppIdentity): Record<string, unknown> {
  const byApp = comment.user.login === app.bot.login;
  return {
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    body: comment.body,
    user: user(urls, comment.user),
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    author_association: byApp ? 'NONE' : 'MEMBER',
    url: `${urls.api}/repos/${comment.repo}/issues/comments/${comment.id}`,
    html_url: `${urls.web}/${comment.repo}/pull/${comment.issue_number}#issuecomment-${comment.id}`,
    issue_url: `${urls.api}/repos/${comment.repo}/issues/${comment.issue_number}`,
    performed_via_github_app: byApp ? { id: app.id, slug: app.slug } : null,
  };
}

export function review(urls: Urls, r: Review): Record<string, unknown> {
  return {
    id: r.id,
    node_id: nodeId('PullRequestReview', r.id),
    user: user(urls, r.user),
    body: r.body,
    state: r.state,
    commit_id: r.commit_id,
    submitted_at: r.submitted_at,
    author_association: 'NONE',
    html_url: `${urls.web}/${r.repo}/pull/${r.pull_number}#pullrequestreview-${r.id}`,
    pull_request_url: `${urls.api}/repos/${r.repo}/pulls/${r.pull_number}`,
    _links: {
      html: { href: `${urls.web}/${r.repo}/pull/${r.pull_number}#pullrequestreview-${r.id}` },
      pull_request: { href: `${urls.api}/repos/${r.repo}/pulls/${r.pull_number}` },
    },
  };
}

export function commitStatus(urls: Urls, s: CommitStatus): Record<string, unknown> {
  return {
    id: s.id,
    node_id: nodeId('StatusContext', s.id),
    state: s.state,
    description: s.description,
    target_url: s.target_url,
    context: s.context,
    created_at: s.created_at,
    updated_at: s.updated_at,
    creator: user(urls, s.creator),
    url: `${urls.api}/repos/${s.repo}/statuses/${s.sha}`,
    avatar_url: null,
  };
}

export function deployment(urls: Urls, d: Deployment): Record<string, unknown> {
  return {
    id: d.id,
    node_id: nodeId('Deployment', d.id),
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    environment: d.environment,
    original_environment: d.environment,
    description: d.description,
    payload: d.payload,
    creator: user(urls, d.creator),
    created_at: d.created_at,
    updated_at: d.created_at,
    url: `${urls.api}/repos/${d.repo}/deployments/${d.id}`,
    statuses_url: `${urls.api}/repos/${d.repo}/deployments/${d.id}/statuses`,
    repository_url: `${urls.api}/repos/${d.repo}`,
  };
}

export function commit(urls: Urls, repo: RepoEntry, c: GitCommit): Record<string, unknown> {
  return {
    sha: c.sha,
    node_id: nodeId('Commit', parseInt(c.sha.slice(0, 8), 16)),
    url: `${urls.api}/repos/${repo.fullName}/commits/${c.sha}`,
    html_url: `${urls.web}/${repo.fullName}/commit/${c.sha}`,
    commit: {
      author: c.author,
      committer: c.committer,
      message: c.message,
      tree: { sha: '', url: '' },
      url: `${urls.api}/repos/${repo.fullName}/git/commits/${c.sha}`,
      comment_count: 0,
    },
    author: null,
    committer: null,
    parents: c.parents.map((sha) => ({ sha, url: `${urls.api}/repos/${repo.fullName}/commits/${sha}` })),
  };
}

export function pullRequest(urls: Urls, repos: Map<string, RepoEntry>, pr: ResolvedPullRequest): Record<string, unknown> {
  const base = repos.get(pr.repo.toLowerCase())!;
  const headRepoName = pr.head.repo ?? pr.repo;
  const fork = headRepoName.toLowerCase() !== pr.repo.toLowerCase();
  const headRepo = repos.get(headRepoName.toLowerCase()) ?? { ...base, owner: headRepoName.split('/')[0]!, fullName: headRepoName, id: base.id + 1 };
  const author = actorFor(pr.user?.login ?? 'contributor', pr.user?.type ?? 'User');
  const state = pr.state ?? 'open';
  return {
    id: pr.id,
    node_id: nodeId('PullRequest', pr.id),
    number: pr.number,
    state,
    locked: false,
    title: pr.title ?? `Pull request ${pr.number}`,
    body: pr.body ?? null,
    draft: pr.draft ?? false,
    merged: pr.merged ?? false,
    mergeable: true,
    user: user(urls, author),
    labels: (pr.labels ?? []).map((name, i) => ({ id: pr.id * 100 + i, name, color: 'ededed', default: false })),
    author_association: fork ? 'CONTRIBUTOR' : 'MEMBER',
    url: `${urls.api}/repos/${pr.repo}/pulls/${pr.number}`,
    html_url: `${urls.web}/${pr.repo}/pull/${pr.number}`,
    issue_url: `${urls.api}/repos/${pr.repo}/issues/${pr.number}`,
    head: {
      label: `${headRepo.owner}:${pr.head.ref}`,
      ref: pr.head.ref,
      sha: pr.head.sha,
      user: user(urls, actorFor(headRepo.owner)),
      repo: repository(urls, headRepo, { fork }),
    },
    base: {
      label: `${base.owner}:${pr.base.ref}`,
      ref: pr.base.ref,
      sha: pr.base.sha,
      user: user(urls, actorFor(base.owner, 'Organization')),
      repo: repository(urls, base),
    },
  };
}
