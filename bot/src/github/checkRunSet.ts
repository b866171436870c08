// Doing: the four check runs of one pull-request head. Created in_progress at once, each
// completed exactly once; whatever is still open when something fails ends as `failure`
// saying why, so a run never hangs.
import type { CheckName } from '../findings.js';
import { STAGES } from '../report/summary.js';
import { batches, checkRunName, failedOutputs, type StageOutput } from './checkRuns.js';
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

  /** Create one in_progress run per stage for `headSha`. */
  static async start(github: GitHubClient, ref: RepoRef, headSha: string, now: () => Date, externalId: string): Promise<CheckRunSet> {
    const set = new CheckRunSet(github, ref, now);
    const startedAt = now().toISOString();
    await Promise.all(
      STAGES.map(async (stage) => {
        const created = await github.rest.checks.create({ ...ref, name: checkRunName(stage), head_sha: headSha, status: 'in_progress', started_at: startedAt, external_id: externalId });
        set.ids.set(stage, created.data.id);
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
  async failOpen(reason: string, log: (message: string) => void): Promise<void> {
    const stages = [...this.open];
    await Promise.all(
      failedOutputs(reason, stages).map((o) =>
        this.complete(o).catch((error: unknown) => log(`could not end check run ${o.name} as failed: ${(error as Error).message}`)),
      ),
    );
  }

  get openStages(): CheckName[] {
    return [...this.open];
  }
}
