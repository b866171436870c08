// What a benchmark path must have left on the chain, read back before any figure is printed:
// every node a staking validator (`staking.validators`) with its generation-1 session keys
// queued (`session.nextKeys`). A path whose work silently failed fails here, by name.
import type { ApiPromise } from '@polkadot/api';
import { query } from '../src/chain/access.js';
import type { NodeIdentity } from '../src/chain/identity.js';

export interface RegistrationOnChain {
  /** Pods that are staking validators. */
  validators: string[];
  /** Pods whose queued session keys are exactly the ones derived for generation 1. */
  keysSet: string[];
}

export async function readRegistration(api: ApiPromise, identities: NodeIdentity[]): Promise<RegistrationOnChain> {
  const validatorKeys = await query(api, 'staking', 'validators').keys();
  const validators = new Set(validatorKeys.map((k) => k.args[0]!.toHex()));
  const validatorsOfOurs: string[] = [];
  const keysSet: string[] = [];
  for (const id of identities) {
    if (validators.has(id.accountHex)) validatorsOfOurs.push(id.node.pod);
    const queued = (await query(api, 'session', 'nextKeys')(id.accountHex)) as unknown as { isSome: boolean; unwrap(): { toHex(): string } };
    if (queued.isSome && queued.unwrap().toHex() === id.sessionKeys(1).hex) keysSet.push(id.node.pod);
  }
  return { validators: validatorsOfOurs, keysSet };
}

/** Pure: what is missing, as one message naming the first few pods; undefined when complete. */
export function registrationShortfall(expected: string[], onChain: RegistrationOnChain): string | undefined {
  const notValidators = expected.filter((p) => !onChain.validators.includes(p));
  const noKeys = expected.filter((p) => !onChain.keysSet.includes(p));
  if (notValidators.length === 0 && noKeys.length === 0) return undefined;
  const some = (pods: string[]) => `${pods.length} (${pods.slice(0, 5).join(', ')}${pods.length > 5 ? ', …' : ''})`;
  const parts = [];
  if (notValidators.length > 0) parts.push(`not staking validators: ${some(notValidators)}`);
  if (noKeys.length > 0) parts.push(`without their session keys queued: ${some(noKeys)}`);
  return `of ${expected.length} nodes, ${parts.join('; ')}`;
}
