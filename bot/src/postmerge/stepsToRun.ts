// Pure: what an (interrupted) entry still needs from the chain, and what its step states add
// up to once the executor returns.
import type { JournalEntry, StepState } from '../journal/types.js';
import { stepId, type OnChainStep } from '../plan/types.js';

export function stepsToRun(entry: JournalEntry): { resolve: OnChainStep[]; submit: OnChainStep[] } {
  const resolve: OnChainStep[] = [];
  const submit: OnChainStep[] = [];
  for (const step of entry.plan.steps) {
    const state: StepState = entry.steps[stepId(step)] ?? { state: 'planned' };
    if (state.state === 'submitted') resolve.push(step);
    else if (state.state === 'planned') submit.push(step);
  }
  return { resolve, submit };
}

/** done when every step is included or skipped; otherwise failed, naming the steps. */
export function outcomeOf(entry: JournalEntry): { status: 'done' | 'failed'; reason?: string } {
  const open: string[] = [];
  const failed: string[] = [];
  for (const step of entry.plan.steps) {
    const id = stepId(step);
    const state = entry.steps[id] ?? { state: 'planned' };
    if (state.state === 'failed') failed.push(`${id}: ${state.reason}`);
    else if (state.state === 'planned' || state.state === 'submitted') open.push(`${id} (${state.state})`);
  }
  if (failed.length) return { status: 'failed', reason: `failed: ${failed.join('; ')}` };
  if (open.length) return { status: 'failed', reason: `not finished: ${open.join(', ')}` };
  return { status: 'done' };
}
