// What one stand-in endpoint receives and returns, and the helpers they share.
import { resolveCommit } from './gitData.js';
import type { AppIdentity, RepoEntry, ResolvedPullRequest, Urls } from './shapes.js';
import type { Actor, PullRequest, StandInState } from './state.js';

export interface HandlerContext {
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  body: Record<string, unknown>;
  /** The repository named by {owner}/{repo}; the dispatcher answers 404 before a handler runs without one. */
  repo: RepoEntry;
  repos: Map<string, RepoEntry>;
  state: StandInState;
  urls: Urls;
  app: AppIdentity;
  /** Who the request authenticated as: the app's bot account for an installation token. */
  actor: Actor;
  /** The absolute URL the client asked for, to build Link headers from. */
  requestUrl: URL;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Bytes to send as they are (archives). */
  raw?: Buffer;
  /** Set when GitHub would refuse the request for a reason its schema cannot express. */
  rejection?: string;
}

export type Handler = (ctx: HandlerContext) => Promise<Reply> | Reply;

export const notFound = (): Reply => ({
  status: 404,
  body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' },
});

export const unprocessable = (message: string): Reply => ({
  status: 422,
  body: { message: 'Validation Failed', errors: [{ message }], documentation_url: 'https://docs.github.com/rest', status: '422' },
  rejection: message,
});

/** GitHub's page/per_page paging with a Link header, which Octokit's paginate() follows. */
export function paginate<T>(ctx: HandlerContext, items: T[]): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Math.max(Number(ctx.query.per_page ?? 30) || 30, 1), 100);
  const pageNumber = Math.max(Number(ctx.query.page ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (page: number, rel: string): string => {
    const url = new URL(ctx.requestUrl);
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set('page', String(page));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (pageNumber < last) links.push(link(pageNumber + 1, 'next'), link(last, 'last'));
  if (pageNumber > 1) links.push(link(1, 'first'), link(pageNumber - 1, 'prev'));
  return {
    page: items.slice((pageNumber - 1) * perPage, pageNumber * perPage),
    headers: links.length > 0 ? { link: links.join(', ') } : {},
  };
}

export function integer(value: string | undefined): number {
  return Number(value);
}

export type ResolvedPull = ResolvedPullRequest;

/** The registered pull request with its head and base commits looked up in the real repository. */
export async function findPull(ctx: HandlerContext, number: number): Promise<ResolvedPull | undefined> {
  const pr = ctx.state.pulls.find((p) => p.repo.toLowerCase() === ctx.repo.fullName.toLowerCase() && p.number === number);
  if (!pr) return undefined;
  const headRepo = (pr.head.repo && ctx.repos.get(pr.head.repo.toLowerCase())) || ctx.repo;
  const headSha = pr.head.sha ?? (await resolveCommit(headRepo.dir, pr.head.ref));
  const baseSha = pr.base.sha ?? (await resolveCommit(ctx.repo.dir, pr.base.ref));
  if (!headSha || !baseSha) return undefined;
  return { ...pr, head: { ...pr.head, sha: headSha }, base: { ...pr.base, sha: baseSha } };
}

/** Every registered pull request of the repository, resolved (check runs list the ones on their commit). */
export async function repoPulls(ctx: HandlerContext): Promise<ResolvedPull[]> {
  const mine = ctx.state.pulls.filter((p) => p.repo.toLowerCase() === ctx.repo.fullName.toLowerCase());
  const resolved = await Promise.all(mine.map((p) => findPull(ctx, p.number)));
  return resolved.filter((p): p is ResolvedPull => p !== undefined);
}
