// The GitHub objects the stand-in keeps in memory. Tests read them to see what the bot did.

export interface Actor {
  login: string;
  id: number;
  type: 'User' | 'Bot' | 'Organization';
}

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
}

export interface CheckRun {
  id: number;
  repo: string;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  started_at: string | null;
  completed_at: string | null;
  details_url: string | null;
  external_id: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  /** Every annotation sent, across all create/update requests, in order. */
  annotations: Annotation[];
  actions: unknown[];
  app_id: number;
}

export interface IssueComment {
  id: number;
  repo: string;
  issue_number: number;
  body: string;
  user: Actor;
  created_at: string;
  updated_at: string;
}

export interface Review {
  id: number;
  repo: string;
  pull_number: number;
  body: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  commit_id: string;
  user: Actor;
  submitted_at: string;
  comments: unknown[];
  dismissal_message?: string;
}

export interface CommitStatus {
  id: number;
  repo: string;
  sha: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  target_url: string | null;
  description: string | null;
  context: string;
  creator: Actor;
  created_at: string;
  updated_at: string;
}

export interface DeploymentStatus {
  id: number;
  state: string;
  description: string;
  environment_url: string;
  log_url: string;
  created_at: string;
}

export interface Deployment {
  id: number;
  repo: string;
  ref: string;
  sha: string;
  task: string;
  environment: string;
  description: string | null;
  payload: unknown;
  creator: Actor;
  created_at: string;
  statuses: DeploymentStatus[];
}

/** What a test says about a pull request; shas missing here are resolved from the refs on use. */
export interface PullRequestSpec {
  /** 'owner/name' of the base repository; default: the first configured repository. */
  repo?: string;
  title?: string;
  body?: string;
  state?: 'open' | 'closed';
  merged?: boolean;
  draft?: boolean;
  user?: { login: string; type?: 'User' | 'Bot' };
  head: { ref: string; sha?: string; /** 'owner/name' when the head lives in a fork */ repo?: string };
  base: { ref: string; sha?: string };
  labels?: string[];
}

export interface PullRequest extends PullRequestSpec {
  repo: string;
  number: number;
  id: number;
}

export interface StandInState {
  checkRuns: CheckRun[];
  comments: IssueComment[];
  reviews: Review[];
  statuses: CommitStatus[];
  deployments: Deployment[];
  pulls: PullRequest[];
  /** Installation tokens handed out, newest last. */
  tokens: string[];
}

export function emptyState(): StandInState {
  return { checkRuns: [], comments: [], reviews: [], statuses: [], deployments: [], pulls: [], tokens: [] };
}

let lastId = 1000;

/** Ids unique across every kind of object, like GitHub's database ids look to a client. */
export function nextId(): number {
  lastId += 1;
  return lastId;
}

export function nodeId(kind: string, id: number): string {
  return Buffer.from(`0:${kind}${id}`).toString('base64url');
}

export function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
