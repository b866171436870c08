// Fault injection: the next matching request(s) get an error instead of an answer.

/** An operation id ('checks/create'), a pattern tested against "METHOD /path", or a predicate. */
export type RequestMatcher = string | RegExp | ((request: { method: string; path: string; operationId?: string }) => boolean);

export interface FaultSpec {
  status: 500 | 502 | 403 | 429;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many matching requests fail; default 1. */
  times?: number;
}

interface Fault extends FaultSpec {
  matcher: RequestMatcher;
  left: number;
}

const DEFAULT_BODIES: Record<FaultSpec['status'], unknown> = {
  500: { message: 'Server Error' },
  502: { message: 'Bad Gateway' },
  403: { message: 'API rate limit exceeded for installation.', documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting' },
  429: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#secondary-rate-limits' },
};

export class Faults {
  private readonly pending: Fault[] = [];

  add(matcher: RequestMatcher, spec: FaultSpec): void {
    this.pending.push({ ...spec, matcher, left: spec.times ?? 1 });
  }

  /** The fault this request triggers, used up by one; undefined when none applies. */
  take(request: { method: string; path: string; operationId?: string }): { status: number; headers: Record<string, string>; body: unknown } | undefined {
    const fault = this.pending.find((f) => f.left > 0 && matches(f.matcher, request));
    if (!fault) return undefined;
    fault.left -= 1;
    return { status: fault.status, headers: fault.headers ?? {}, body: fault.body ?? DEFAULT_BODIES[fault.status] };
  }
}

function matches(matcher: RequestMatcher, request: { method: string; path: string; operationId?: string }): boolean {
  if (typeof matcher === 'string') return matcher === request.operationId;
  if (matcher instanceof RegExp) return matcher.test(`${request.method} ${request.path}`);
  return matcher(request);
}
