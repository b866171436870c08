// Doing: the check runs (one per stage) of one pull-request head. Created in_progress at once, each
// completed exactly once; whatever is still open when something fails ends as `failure`
// saying why, so a run never hangs.
import type { CheckName } from '../findings.js';
import { STAGES } from '../report/summary.js';
import { batches, checkRunName, failedOutputs, type FailureKind, type StageOutput } from './checkRuns.js';
import type { GitHubClient } from './client.js';
import { redactKeyMaterial } from './redact.js';

export interface RepoRef {
  owner: string;
  repo: string;
}

const clean = (text: string) => redactKeyMaterial(text).text;

export class CheckRunSet {
  private readonly ids = new Map<CheckName, number>();
  private readonly open = new Set<CheckName>();

  private constructor(
    private readonly github: GitHubClient,
    private readonly ref: RepoRef,
    private readonly now: () => Date,
  ) {}

  /**
   * One in_progress run per stage for `headSha`. A run of ours that is still open on that
   * commit (another replica handling the same delivery, a replay) is taken over instead of
   * duplicated; completed runs are left as they are and a fresh run is created.
   */
  static async start(github: GitHubClient, repoRef: RepoRef, headSha: string, now: () => Date, externalId: string): Promise<CheckRunSet> {
    // Only owner and repo: anything else would be sent to GitHub as a query parameter.
    const ref = { owner: repoRef.owner, repo: repoRef.repo };
    const set = new CheckRunSet(github, ref, now);
    const startedAt = now().toISOString();
    const existing = await github.paginate(github.rest.checks.listForRef, { ...ref, ref: headSha, filter: 'latest', per_page: 100 });
    await Promise.all(
      STAGES.map(async (stage) => {
        const name = checkRunName(stage);
        const open = existing.find((r) => r.name === name && r.status !== 'completed');
        const id = open
          ? open.id
          : (await github.rest.checks.create({ ...ref, name, head_sha: headSha, status: 'in_progress', started_at: startedAt, external_id: externalId })).data.id;
        set.ids.set(stage, id);
        set.open.add(stage);
      }),
    );
    return set;
  }

  /** Complete one run: extra annotation batches first (GitHub appends), then the conclusion with the last batch. */
  async complete(output: StageOutput): Promise<void> {
    const id = this.ids.get(output.stage);
    if (id === undefined || !this.open.has(output.stage)) return;
    const base = { title: clean(output.title), summary: clean(output.summary), ...(output.text ? { text: clean(output.text) } : {}) };
    const annotations = output.annotations.map((a) => ({ ...a, message: clean(a.message) }));
    const groups = batches(annotations);
    const last = groups.pop() ?? [];
    for (const group of groups) await this.github.rest.checks.update({ ...this.ref, check_run_id: id, output: { ...base, annotations: group } });
    if (!this.open.has(output.stage)) return; // ended meanwhile (timeout)
    await this.github.rest.checks.update({
      ...this.ref,
      check_run_id: id,
      status: 'completed',
      conclusion: output.conclusion,
      completed_at: this.now().toISOString(),
      output: { ...base, ...(last.length ? { annotations: last } : {}) },
    });
    // Only now: a completion that failed leaves the run open for failOpen to end.
    this.open.delete(output.stage);
  }

  async completeAll(outputs: readonly StageOutput[]): Promise<void> {
    await Promise.all(outputs.map((o) => this.complete(o)));
  }

  /** End every still-open run as failed with `reason`; never throws (it is the last resort). */
  async failOpen(reason: string, log: (message: string) => void, kind: FailureKind = 'other'): Promise<void> {
    const stages = [...this.open];
    await Promise.all(
      failedOutputs(reason, stages, kind).map((o) =>
        this.complete(o).catch((error: unknown) => log(`could not end check run ${o.name} as failed: ${(error as Error).message}`)),
      ),
    );
  }

  get openStages(): CheckName[] {
    return [...this.open];
  }
}
