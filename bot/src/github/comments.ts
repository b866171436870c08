// The sticky report comment and its numbered follow-up parts: found among the app's own
// comments by their hidden part marker, updated in place, surplus parts deleted.
import { partOf } from '../report/split.js';
import type { GitHubClient } from './client.js';
import { redactKeyMaterial } from './redact.js';

export interface ExistingComment {
  id: number;
  body: string;
}

export interface CommentPlan {
  update: { id: number; part: number; body: string }[];
  create: { part: number; body: string }[];
  delete: number[];
}

/** Which comments to update, create and delete so parts 1..N show `bodies` (pure). */
export function planComments(existing: readonly ExistingComment[], bodies: readonly string[]): CommentPlan {
  const byPart = new Map<number, number>();
  const duplicates: number[] = [];
  for (const c of existing) {
    const part = partOf(c.body);
    if (part === undefined) continue;
    if (byPart.has(part)) duplicates.push(c.id);
    else byPart.set(part, c.id);
  }
  const plan: CommentPlan = { update: [], create: [], delete: [...duplicates] };
  bodies.forEach((body, i) => {
    const part = i + 1;
    const id = byPart.get(part);
    const current = existing.find((c) => c.id === id);
    if (id === undefined) plan.create.push({ part, body });
    else if (current?.body !== body) plan.update.push({ id, part, body });
  });
  for (const [part, id] of byPart) if (part > bodies.length) plan.delete.push(id);
  return plan;
}

export interface IssueRef {
  owner: string;
  repo: string;
  issue_number: number;
}

/** The app's own comments on the pull request (all pages). */
export async function ownComments(github: GitHubClient, ref: IssueRef, appLogin: string): Promise<ExistingComment[]> {
  const all = await github.paginate(github.rest.issues.listComments, { ...ref, per_page: 100 });
  return all.filter((c) => c.user?.login === appLogin).map((c) => ({ id: c.id, body: c.body ?? '' }));
}

/** Make the pull request show exactly `bodies` as parts 1..N; returns the part-1 comment id. */
export async function syncReportComments(github: GitHubClient, ref: IssueRef, appLogin: string, bodies: readonly string[]): Promise<number | undefined> {
  const existing = await ownComments(github, ref, appLogin);
  const plan = planComments(existing, bodies.map((b) => redactKeyMaterial(b).text));
  const ids = new Map<number, number>();
  for (const c of existing) {
    const part = partOf(c.body);
    if (part !== undefined && !ids.has(part)) ids.set(part, c.id);
  }
  // In part order, so a reader sees part 1 first when parts are created.
  for (const u of plan.update) {
    await github.rest.issues.updateComment({ owner: ref.owner, repo: ref.repo, comment_id: u.id, body: u.body });
    ids.set(u.part, u.id);
  }
  for (const c of plan.create) {
    const created = await github.rest.issues.createComment({ ...ref, body: c.body });
    ids.set(c.part, created.data.id);
  }
  for (const id of plan.delete) await github.rest.issues.deleteComment({ owner: ref.owner, repo: ref.repo, comment_id: id });
  return ids.get(1);
}
