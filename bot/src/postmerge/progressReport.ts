// Pure: what the merged pull request's comment and the merge commit's status say about one
// network's run. The comment is rewritten in place as the run progresses.
import type { JournalEntry, StepState } from '../journal/types.js';
import { describeStep, stepId } from '../plan/types.js';
import type { Progress } from './types.js';

export const COMMENT_MARKER = (entry: Pick<JournalEntry, 'network'>) => `<!-- substrate-gitops:post-merge:${entry.network} -->`;

const HEADLINES: Record<Progress['phase'], string> = {
  'waiting-for-sync': '⏳ waiting for Argo CD to deploy the merge',
  executing: '⚙️ applying the plan on chain',
  done: '✅ the chain matches the merge',
  failed: '❌ not applied',
};

function stateCell(state: StepState | undefined): string {
  switch (state?.state ?? 'planned') {
    case 'planned':
      return 'planned';
    case 'submitted':
      return `submitted \`${(state as Extract<StepState, { state: 'submitted' }>).extrinsicHash.slice(0, 18)}…\``;
    case 'included': {
      const s = state as Extract<StepState, { state: 'included' }>;
      return `included in block #${s.blockNumber}`;
    }
    case 'failed':
      return `failed: ${(state as Extract<StepState, { state: 'failed' }>).reason}`;
    case 'skipped':
      return `skipped: ${(state as Extract<StepState, { state: 'skipped' }>).note}`;
  }
}

/** Keep a table cell on one line and its pipes from breaking the table. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

export function renderComment(entry: JournalEntry, progress: Progress): string {
  const lines = [
    COMMENT_MARKER(entry),
    `### On chain: \`${entry.network}\` at ${entry.commit.slice(0, 12)}`,
    '',
    `**${HEADLINES[progress.phase]}**${progress.detail ? ` — ${cell(progress.detail)}` : ''}`,
    '',
    '| step | state |',
    '| --- | --- |',
    ...entry.plan.steps.map((step) => `| ${cell(describeStep(step))} | ${cell(stateCell(entry.steps[stepId(step)]))} |`),
  ];
  if (entry.plan.notes.length) lines.push('', ...entry.plan.notes.map((note) => `- ${cell(note)}`));
  return `${lines.join('\n')}\n`;
}

export interface CommitStatusBody {
  state: 'pending' | 'success' | 'failure' | 'error';
  context: string;
  description: string;
}

/** GitHub caps a status description at 140 characters. */
function shorten(text: string, max = 140): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function commitStatus(entry: JournalEntry, progress: Progress): CommitStatusBody {
  const context = `substrate-gitops/chain: ${entry.network}`;
  const steps = entry.plan.steps.length;
  switch (progress.phase) {
    case 'waiting-for-sync':
      return { state: 'pending', context, description: shorten(`waiting for Argo CD (${steps} on-chain steps planned)`) };
    case 'executing':
      return { state: 'pending', context, description: shorten(`applying ${steps} on-chain steps`) };
    case 'done':
      return { state: 'success', context, description: shorten(`${steps} on-chain steps applied`) };
    case 'failed':
      return { state: 'failure', context, description: shorten(progress.detail ?? 'not applied') };
  }
}

/** The comment on the merged pull request for a network the bot will not act on. */
export function renderRefusedComment(network: string, commit: string, reason: string): string {
  return [COMMENT_MARKER({ network }), `### On chain: \`${network}\` at ${commit.slice(0, 12)}`, '', `**${HEADLINES.failed}** — ${cell(reason)}`, ''].join('\n');
}

export function refusedStatus(network: string, reason: string): CommitStatusBody {
  return { state: 'failure', context: `substrate-gitops/chain: ${network}`, description: shorten(`not applied: ${reason}`) };
}
