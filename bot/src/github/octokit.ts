// The Octokit the app talks to GitHub with: Probot's (retry + throttling plugins) configured so
// that 5xx answers are retried with growing back-off, rate limits are waited out when GitHub
// says for how long and the wait is bounded, and writes are paced to GitHub's documented
// secondary limit for content-creating requests (80 a minute) instead of one a second.
import { ProbotOctokit } from 'probot';
import { WritePacer } from './writePacer.js';

export interface BotOctokitOptions {
  /** GitHub API base, e.g. `https://ghe.example.com/api/v3`; default: api.github.com. */
  baseUrl?: string;
  /** Retries of a 5xx or network failure (back-off: 1, 4, 9 … × retryBaseMs). */
  retries?: number;
  retryBaseMs?: number;
  /** Longest rate-limit wait accepted, seconds; beyond it the request fails and the run says so. */
  maxRateLimitWaitSeconds?: number;
  /** Rate-limit retries per request. */
  rateLimitRetries?: number;
  writesPerMinute?: number;
  /** Writes that notify people (comments, reviews), per sliding minute. */
  notificationsPerMinute?: number;
}

type Log = { warn: (message: string) => void };

export function botOctokit(options: BotOctokitOptions = {}): typeof ProbotOctokit {
  const maxWait = options.maxRateLimitWaitSeconds ?? 120;
  const retries = options.rateLimitRetries ?? 3;
  const decide = (kind: string) => (retryAfter: number, request: { method: string; url: string }, octokit: { log: Log }, retryCount: number) => {
    const retry = retryCount < retries && retryAfter <= maxWait;
    octokit.log.warn(`${kind} on ${request.method} ${request.url}: ${retry ? `retrying in ${retryAfter} s (attempt ${retryCount + 1} of ${retries})` : `giving up (wait of ${retryAfter} s, attempt ${retryCount + 1})`}`);
    return retry;
  };
  const writes = new WritePacer({ perMinute: options.writesPerMinute ?? 80 });
  const notifications = new WritePacer({ perMinute: options.notificationsPerMinute ?? 20 });
  const throttle = {
    enabled: true,
    onRateLimit: decide('rate limit'),
    onSecondaryRateLimit: decide('secondary rate limit'),
  };
  const retry = {
    retries: options.retries ?? 3,
    retryAfterBaseValue: options.retryBaseMs ?? 1000,
    // 403/429 are rate limits: the throttling plugin waits as long as GitHub asks.
    doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
  };
  // A function, not an object: Probot builds clients with its own `throttle` options (handlers
  // that give up on secondary limits), and a shallow object default would lose ours.
  return ProbotOctokit.defaults((instance: Record<string, unknown> = {}) => ({
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...instance,
    retry: { ...retry, ...(instance.retry as object | undefined) },
    // Ours last: Probot's own handlers never retry a secondary rate limit.
    throttle: { ...(instance.throttle as object | undefined), ...throttle, write: writes.asGroup(), notifications: notifications.asGroup() },
  })) as typeof ProbotOctokit;
}
