import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Call } from './calls.js';
import { whenConnected } from './connect.js';
import { ChainError, extrinsicOutcome, type Outcome } from './errors.js';

// Sign, record, broadcast, wait: exactly once. The hash of an extrinsic exists only after
// signing, so the caller's `onSigned` journals hash and nonce BEFORE anything is broadcast.
// A dropped connection is waited out and the SAME signed bytes re-broadcast (same hash, same
// nonce: at most one can ever land). Inclusion is found by scanning blocks, which works the
// same after a reconnect or a restart.

export interface Included {
  extrinsicHash: string;
  blockHash: string;
  blockNumber: number;
  outcome: Outcome;
}

export interface SubmitOptions {
  api: ApiPromise;
  signer: KeyringPair;
  call: Call;
  nonce: number;
  /**
   * Hashes of earlier signings of the same call with the same nonce (a run that died after
   * signing): whichever of them lands is this submission's result. At most one can land.
   */
  alsoKnownAs?: string[];
  onSigned(extrinsicHash: string, nonce: number): Promise<void>;
  /** For chains that build blocks on demand (a test chain): asked for a block while waiting. */
  produceBlock?: () => Promise<void>;
  /** Wait for finality too (chains with GRANDPA). */
  finality?: boolean;
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function isConnectionError(error: unknown): boolean {
  const text = String((error as Error)?.message ?? error);
  return /disconnected|WebSocket is not connected|connection|socket|Abnormal Closure|1006/i.test(text);
}

/** Pool answers that mean "this nonce/extrinsic is already known": keep waiting for it. */
function alreadyKnown(error: unknown): boolean {
  return /already imported|Priority is too low|1013|1014/i.test(String((error as Error)?.message ?? error));
}

export async function accountNonce(api: ApiPromise, address: string): Promise<number> {
  return (await api.rpc.system.accountNextIndex(address)).toNumber();
}

/** The nonce the chain's state holds (the pool not counted): nonces below it are used up. */
export async function onChainNonce(api: ApiPromise, address: string): Promise<number> {
  const info = (await api.query.system!.account!(address)) as unknown as { nonce: { toNumber(): number } };
  return info.nonce.toNumber();
}

/** Look for any of the extrinsic hashes in blocks `from`…head; returns where it is and what it did. */
export async function findIncluded(api: ApiPromise, hashes: string | string[], from: number): Promise<Included | undefined> {
  const wanted = new Set(typeof hashes === 'string' ? [hashes] : hashes);
  const head = (await api.rpc.chain.getHeader()).number.toNumber();
  for (let n = Math.max(0, from); n <= head; n++) {
    const blockHash = await api.rpc.chain.getBlockHash(n);
    const block = await api.rpc.chain.getBlock(blockHash);
    const index = block.block.extrinsics.findIndex((x) => wanted.has(x.hash.toHex()));
    if (index < 0) continue;
    const extrinsicHash = block.block.extrinsics[index]!.hash.toHex();
    const all = (await (await api.at(blockHash)).query.system!.events!()) as unknown as { phase: { isApplyExtrinsic: boolean; asApplyExtrinsic: { toNumber(): number } }; event: never }[];
    const events = all.filter((e) => e.phase.isApplyExtrinsic && e.phase.asApplyExtrinsic.toNumber() === index);
    return { extrinsicHash, blockHash: blockHash.toHex(), blockNumber: n, outcome: extrinsicOutcome(api, events) };
  }
  return undefined;
}

async function headNumber(api: ApiPromise): Promise<number> {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

export async function submitOnce(options: SubmitOptions): Promise<Included> {
  const { api, signer, nonce } = options;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  const signed = await options.call.signAsync(signer, { nonce, era: 0 });
  const extrinsicHash = signed.hash.toHex();
  const ours = [extrinsicHash, ...(options.alsoKnownAs ?? [])];
  const from = await headNumber(api);
  await options.onSigned(extrinsicHash, nonce);

  let broadcast = false;
  let scanned = from;
  while (Date.now() < deadline) {
    try {
      await whenConnected(api, Math.max(1_000, deadline - Date.now()));
      if (!broadcast) {
        try {
          await api.rpc.author.submitExtrinsic(signed);
        } catch (error) {
          if (!alreadyKnown(error) && !isConnectionError(error)) {
            // Stale nonce: something with this nonce landed. If it was ours, the scan finds it.
            const found = await findIncluded(api, ours, from);
            if (found) return await finalize(options, found, deadline);
            throw new ChainError(`the chain rejected the extrinsic (nonce ${nonce}): ${(error as Error).message}`, { cause: error });
          }
          if (isConnectionError(error)) continue;
        }
        broadcast = true;
      }
      await options.produceBlock?.();
      const found = await findIncluded(api, ours, scanned);
      if (found) return await finalize(options, found, deadline);
      scanned = Math.max(from, (await headNumber(api)) - 1);
      if ((await onChainNonce(api, signer.address)) > nonce) {
        const late = await findIncluded(api, ours, from);
        if (late) return await finalize(options, late, deadline);
        throw new ChainError(`nonce ${nonce} of ${signer.address} was used by another extrinsic; re-read the chain before retrying`);
      }
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      // The node went away mid-flight: wait for it and broadcast the same bytes again.
      broadcast = false;
    }
    await sleep(options.produceBlock ? 50 : 500);
  }
  throw new ChainError(`extrinsic ${extrinsicHash} (nonce ${nonce}) was not included within the time limit; it is journaled and will be resolved on the next run`);
}

async function finalize(options: SubmitOptions, found: Included, deadline: number): Promise<Included> {
  if (!options.finality) return found;
  const { api } = options;
  while (Date.now() < deadline) {
    const finalized = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
    if (finalized.number.toNumber() >= found.blockNumber) return found;
    await options.produceBlock?.();
    await sleep(500);
  }
  throw new ChainError(`block #${found.blockNumber} holding ${found.extrinsicHash} was not finalized within the time limit`);
}
