import type { ApiPromise } from '@polkadot/api';

// Chain-side errors and the decoding of dispatch errors into text a reviewer can act on.

/** The runtime lacks a pallet or call the plan needs; names exactly what is missing. */
export class ChainCapabilityError extends Error {
  override name = 'ChainCapabilityError';
  constructor(
    readonly runtime: string,
    readonly missing: string,
    message: string,
  ) {
    super(message);
  }
}

/** The chain or its RPC did not answer as expected (connection, timeout, rejected extrinsic). */
export class ChainError extends Error {
  override name = 'ChainError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A shape of a dispatch error as @polkadot/api decodes it (`DispatchError` codec). */
interface DispatchErrorLike {
  isModule: boolean;
  asModule: unknown;
  toString(): string;
  type?: string;
  isToken?: boolean;
  asToken?: { type: string };
  isArithmetic?: boolean;
  asArithmetic?: { type: string };
}

/** `pallet.Error: documentation` for module errors, the variant name for the others. */
export function describeDispatchError(api: ApiPromise, error: DispatchErrorLike): string {
  if (error.isModule) {
    try {
      const meta = api.registry.findMetaError(error.asModule as Parameters<ApiPromise['registry']['findMetaError']>[0]);
      const docs = meta.docs.join(' ').trim();
      return `${meta.section}.${meta.name}${docs ? `: ${docs}` : ''}`;
    } catch {
      return `module error ${error.toString()}`;
    }
  }
  if (error.isToken && error.asToken) return `Token.${error.asToken.type}`;
  if (error.isArithmetic && error.asArithmetic) return `Arithmetic.${error.asArithmetic.type}`;
  return error.type ?? error.toString();
}

/** What an included extrinsic did, from its events. */
export interface Outcome {
  ok: boolean;
  error?: string;
  /** One entry per `utility.DispatchedAs` event, in order: undefined when Ok, else the error. */
  dispatchedAs: (string | undefined)[];
}

interface EventLike {
  event: { section: string; method: string; data: unknown[] & Record<string, unknown> };
}

interface ResultLike {
  isErr: boolean;
  asErr: DispatchErrorLike;
}

/** Decode failures wherever they hide: the extrinsic, `sudo.Sudid`, `utility.BatchInterrupted`, `utility.DispatchedAs`. */
export function extrinsicOutcome(api: ApiPromise, events: EventLike[]): Outcome {
  const outcome: Outcome = { ok: true, dispatchedAs: [] };
  const fail = (text: string) => {
    if (outcome.ok) {
      outcome.ok = false;
      outcome.error = text;
    }
  };
  for (const { event } of events) {
    const key = `${event.section}.${event.method}`;
    if (key === 'system.ExtrinsicFailed') fail(describeDispatchError(api, event.data[0] as DispatchErrorLike));
    else if (key === 'sudo.Sudid' || key === 'sudo.SudoAsDone') {
      const result = event.data[0] as ResultLike;
      if (result.isErr) fail(`${key}: ${describeDispatchError(api, result.asErr)}`);
    } else if (key === 'utility.BatchInterrupted') {
      fail(`batch item ${String(event.data[0])}: ${describeDispatchError(api, event.data[1] as DispatchErrorLike)}`);
    } else if (key === 'utility.DispatchedAs') {
      const result = event.data[0] as ResultLike;
      outcome.dispatchedAs.push(result.isErr ? describeDispatchError(api, result.asErr) : undefined);
    }
  }
  return outcome;
}
