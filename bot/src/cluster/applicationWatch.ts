// Wait for Argo CD to deploy a commit: list the Application once, then watch it from that
// resourceVersion and judge every change with the sync gate. A watch the server closes is
// reopened from the last version seen; an expired version (410 Gone) means list again; a
// broken connection backs off and lists again. The caller's timeout bounds it all.
import { CustomObjectsApi, Watch, type KubeConfig } from '@kubernetes/client-node';
import { EnvironmentError } from '../errors.js';
import { apiStatus, isForbidden } from './apiErrors.js';
import { APPLICATIONS, ARGO_NAMESPACE, type ArgoApplication } from './argoApplication.js';
import { deployGate, isFinal, type ContainsCommit, type GateResult } from './deployGate.js';

export type WaitOutcome = GateResult | { kind: 'timed-out'; last: GateResult; timeoutMs: number };

export type WatchEvent =
  | { type: 'listed'; resourceVersion: string }
  | { type: 'watching'; resourceVersion: string }
  | { type: 'closed' }
  | { type: 'gone' }
  | { type: 'error'; message: string; retryInMs: number }
  | { type: 'observed'; result: GateResult };

export interface ApplicationWatchOptions {
  namespace?: string;
  contains: ContainsCommit;
  /** The server ends each watch after this long (it is then reopened); default 300 s. */
  watchTimeoutSeconds?: number;
  /** Back-off after a failed list or watch: first and largest delay. */
  backoffMs?: { initial: number; max: number };
  onEvent?: (event: WatchEvent) => void;
}

export interface WaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Resume from a saved resourceVersion instead of listing first (an expired one relists). */
  resourceVersion?: string;
}

/** The API server's answer inside a watch stream: `{ kind: 'Status', code: 410 }` for an expired version. */
interface WatchStatus {
  kind?: string;
  code?: number;
  message?: string;
}

type StreamEnd = { why: 'final' } | { why: 'closed' } | { why: 'gone' } | { why: 'error'; error: unknown };

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

/** The API client has no request timeout: give up on a hanging call when `signal` fires. */
function unlessAborted<T>(call: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('stopped'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('stopped'));
    signal.addEventListener('abort', onAbort, { once: true });
    call.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export class ApplicationWatcher {
  private readonly api: CustomObjectsApi;
  private readonly namespace: string;

  constructor(
    private readonly kc: KubeConfig,
    private readonly options: ApplicationWatchOptions,
  ) {
    this.api = kc.makeApiClient(CustomObjectsApi);
    this.namespace = options.namespace ?? ARGO_NAMESPACE;
  }

  private emit(event: WatchEvent): void {
    this.options.onEvent?.(event);
  }

  private async list(name: string): Promise<{ app: ArgoApplication | undefined; resourceVersion: string }> {
    try {
      const page = (await this.api.listNamespacedCustomObject({ ...APPLICATIONS, namespace: this.namespace, fieldSelector: `metadata.name=${name}` })) as {
        items: ArgoApplication[];
        metadata: { resourceVersion: string };
      };
      return { app: page.items[0], resourceVersion: page.metadata.resourceVersion };
    } catch (error) {
      if (isForbidden(error)) {
        throw new EnvironmentError(
          `the bot may not list Argo CD Applications in namespace ${this.namespace} (403 Forbidden)`,
          'grant applications.argoproj.io get, list, watch to the bot (apps/substrate-gitops-bot/rbac-applications.yaml)',
          { cause: error },
        );
      }
      throw error;
    }
  }

  /** One watch stream from `resourceVersion` until it ends; `judge` sees every change in order. */
  private stream(name: string, from: { resourceVersion: string }, judge: (app: ArgoApplication | undefined) => Promise<boolean>, signal: AbortSignal): Promise<StreamEnd> {
    return new Promise<StreamEnd>((resolve) => {
      let settled = false;
      let controller: AbortController | undefined;
      let queue = Promise.resolve();
      const finish = (end: StreamEnd) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        controller?.abort();
        resolve(end);
      };
      const onAbort = () => finish({ why: 'closed' });
      signal.addEventListener('abort', onAbort, { once: true });
      const path = `/apis/${APPLICATIONS.group}/${APPLICATIONS.version}/namespaces/${this.namespace}/${APPLICATIONS.plural}`;
      const query = {
        fieldSelector: `metadata.name=${name}`,
        resourceVersion: from.resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds: this.options.watchTimeoutSeconds ?? 300,
      };
      new Watch(this.kc)
        .watch(
          path,
          query,
          (phase: string, object: unknown) => {
            if (phase === 'ERROR') {
              const status = object as WatchStatus;
              finish(status.code === 410 ? { why: 'gone' } : { why: 'error', error: new Error(`watch error ${status.code}: ${status.message}`) });
              return;
            }
            const app = object as ArgoApplication;
            if (app.metadata?.resourceVersion) from.resourceVersion = app.metadata.resourceVersion;
            if (phase === 'BOOKMARK') return;
            queue = queue.then(async () => {
              if (settled) return;
              if (await judge(phase === 'DELETED' ? undefined : app)) finish({ why: 'final' });
            }).catch((error: unknown) => finish({ why: 'error', error }));
          },
          (error: unknown) => {
            // The stream ended; let the events already queued be judged first.
            void queue.then(() => finish(error ? (apiStatus(error) === 410 ? { why: 'gone' } : { why: 'error', error }) : { why: 'closed' }));
          },
        )
        .then((c) => {
          controller = c;
          if (settled) c.abort();
        })
        .catch((error: unknown) => finish(apiStatus(error) === 410 ? { why: 'gone' } : { why: 'error', error }));
    });
  }

  async waitForDeployment(name: string, merged: string, options: WaitOptions): Promise<WaitOutcome> {
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(new Error('timed out')), options.timeoutMs);
    const onCallerAbort = () => stop.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const backoff = this.options.backoffMs ?? { initial: 500, max: 15_000 };
    let delay = backoff.initial;
    let last: GateResult = { kind: 'waiting', reason: 'the Application has not been read yet' };
    let final: GateResult | undefined;
    const judge = async (app: ArgoApplication | undefined) => {
      last = await deployGate(app, name, merged, this.options.contains);
      this.emit({ type: 'observed', result: last });
      if (isFinal(last)) final = last;
      return isFinal(last);
    };
    try {
      let resume = options.resourceVersion;
      while (!stop.signal.aborted) {
        let from: { resourceVersion: string };
        try {
          if (resume) {
            from = { resourceVersion: resume };
            resume = undefined;
          } else {
            const listed = await unlessAborted(this.list(name), stop.signal);
            this.emit({ type: 'listed', resourceVersion: listed.resourceVersion });
            if (await judge(listed.app)) return last;
            from = { resourceVersion: listed.resourceVersion };
          }
        } catch (error) {
          if (error instanceof EnvironmentError) throw error;
          if (stop.signal.aborted) break;
          this.emit({ type: 'error', message: (error as Error).message, retryInMs: delay });
          await sleep(delay, stop.signal);
          delay = Math.min(delay * 2, backoff.max);
          continue;
        }
        // Reopen closed streams from the last version seen; leave to list again on 410 or error.
        for (;;) {
          this.emit({ type: 'watching', resourceVersion: from.resourceVersion });
          const end = await this.stream(name, from, judge, stop.signal);
          if (final) return final;
          if (stop.signal.aborted) break;
          if (end.why === 'closed') {
            this.emit({ type: 'closed' });
            delay = backoff.initial;
            continue;
          }
          if (end.why === 'gone') {
            this.emit({ type: 'gone' });
          } else if (end.why === 'error') {
            if (isForbidden(end.error)) throw new EnvironmentError(`the bot may not watch Argo CD Applications in namespace ${this.namespace} (403 Forbidden)`, 'grant applications.argoproj.io watch to the bot (apps/substrate-gitops-bot/rbac-applications.yaml)');
            this.emit({ type: 'error', message: (end.error as Error)?.message ?? String(end.error), retryInMs: delay });
            await sleep(delay, stop.signal);
            delay = Math.min(delay * 2, backoff.max);
          }
          break;
        }
      }
      if (options.signal?.aborted) throw options.signal.reason ?? new Error('cancelled');
      return { kind: 'timed-out', last, timeoutMs: options.timeoutMs };
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCallerAbort);
      stop.abort();
    }
  }
}

/** One line for a report. */
export function describeTimeout(outcome: Extract<WaitOutcome, { kind: 'timed-out' }>, describe: (r: GateResult) => string): string {
  return `gave up after ${Math.round(outcome.timeoutMs / 1000)} s; last seen: ${describe(outcome.last)}`;
}
