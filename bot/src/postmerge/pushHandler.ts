// The webhook entry of the post-merge run, kept thin: `decidePush` says whether the push runs;
// when it does, the webhook is acknowledged at once and planning continues in the background
// (two archives and a render can take longer than GitHub waits for an answer). Once the
// entry is recorded a dying process loses nothing (the lease holder resumes it); before that,
// redelivering the webhook plans it again. Replays need no delivery log: recording is
// idempotent per network and commit.
import type { Probot } from 'probot';
import { failureReason } from '../github/prRun.js';
import { redactKeyMaterial } from '../github/redact.js';
import type { JournalEntry } from '../journal/types.js';
import { decidePush, type PushPayload } from './pushEvent.js';
import type { MergePush } from './types.js';

export interface PushIntake {
  onPush(push: MergePush): Promise<JournalEntry[]>;
}

const short = (sha: string) => sha.slice(0, 12);

export function registerPushHandler(app: Probot, intake: PushIntake, options: { repository: string }): void {
  app.on('push', async (context) => {
    const payload = context.payload as unknown as PushPayload;
    const decision = decidePush(payload, options);
    if (!decision.run) return void context.log.info(`push ${payload.ref} ${short(payload.before)}..${short(payload.after)} ignored: ${decision.reason}`);
    const { push } = decision;
    const label = `push ${short(push.before)}..${short(push.after)}${push.pullRequest !== undefined ? ` (pull request #${push.pullRequest})` : ''}`;
    context.log.info(`${label}: planning the post-merge run`);
    void intake.onPush(push).then(
      (entries) => context.log.info(entries.length ? `${label}: recorded ${entries.map((e) => e.id).join(', ')}` : `${label}: no on-chain steps to record`),
      (error: unknown) =>
        context.log.error(`${label}: not planned, nothing recorded: ${redactKeyMaterial(failureReason(error)).text}; fix the cause, then redeliver this webhook (GitHub App settings → Advanced → Recent deliveries)`),
    );
  });
}
