import type { ApiPromise } from '@polkadot/api';
import type { OnChainStep } from '../plan/types.js';
import { ChainError } from './errors.js';
import type { NodeIdentity } from './identity.js';
import type { RuntimeFacts } from './metadata.js';
import { matchGeneration, nextKeys, registeredFor } from './readState.js';

// A call the relay sends as XCM runs on the para only when a para block takes the downward
// message in, and the relay never learns whether it worked (a para that cannot decode it drops
// it silently). So what was sent through the relay counts as done only once the para's own
// state shows it: the executor waits for that, bounded, and says what did not happen.

export interface EffectWait {
  /** Chains that build blocks only when asked (test chains): one para block per poll. */
  produceBlock?: () => Promise<void>;
  timeoutMs: number;
  /** With `produceBlock`: give up after this many para blocks (default 10). */
  maxBlocks?: number;
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolve once `holds()` is true; throws a ChainError naming `what` when it never is. */
export async function waitForParaState(what: string, holds: () => Promise<boolean>, wait: EffectWait): Promise<void> {
  const deadline = Date.now() + wait.timeoutMs;
  const maxBlocks = wait.maxBlocks ?? 10;
  let blocks = 0;
  for (;;) {
    if (await holds()) return;
    if (Date.now() >= deadline || (wait.produceBlock && blocks >= maxBlocks)) break;
    if (wait.produceBlock) {
      await wait.produceBlock();
      blocks++;
    } else {
      await sleep(wait.pollMs ?? 3_000);
    }
  }
  const span = wait.produceBlock ? `${blocks} para blocks` : `${Math.round(wait.timeoutMs / 1000)} s`;
  throw new ChainError(
    `the relay chain sent the XCM, but within ${span} the para did not show that ${what}: look for the message in the para's dmpQueue/messageQueue events (InvalidFormat: a version the para cannot decode; Overweight or Incomplete: too little Transact weight or a failing call)`,
  );
}

/** Whether the para's state shows a step as done; undefined for steps that are not para state. */
export async function stepShows(api: ApiPromise, facts: RuntimeFacts, step: OnChainStep, identity: NodeIdentity): Promise<boolean | undefined> {
  switch (step.kind) {
    case 'register-collator':
    case 'deregister-collator': {
      const has = (await registeredFor(api, facts, 'collator', step.mode)).has(identity.accountHex);
      return step.kind === 'register-collator' ? has : !has;
    }
    case 'set-session-keys':
      return matchGeneration(await nextKeys(api, identity.accountHex), identity, step.toGeneration) === step.toGeneration;
    default:
      return undefined;
  }
}
