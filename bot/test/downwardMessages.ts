// Test helper: the relay validators' part in downward message passing, for two chopsticks peers
// that run apart. Real validators hand a para block the messages its relay queued for it
// (`dmp.downwardMessageQueues(paraId)`); here each para block built through `newParaBlock` gets
// the relay's queued messages that no earlier block got, as chopsticks' `dev_newBlock`
// `{ dmp: [{ sentAt, msg }] }`. The relay peer never prunes the queue (it sees no para
// inclusion), so what was delivered is remembered by position in the queue.
import type { ApiPromise } from '@polkadot/api';
import { connectRpc, type ChainRpc } from '../src/peers/chain/rpc.js';

export interface DownwardMessage {
  sentAt: number;
  msg: `0x${string}`;
}

export interface DownwardDelivery {
  /** Build one para block with every relay message not yet delivered; returns what it carried. */
  newParaBlock(): Promise<DownwardMessage[]>;
  /** Messages the relay queued for the para that no para block has taken in yet. */
  pending(): Promise<DownwardMessage[]>;
  close(): Promise<void>;
}

export async function downwardDelivery(relay: ApiPromise, paraWs: string, paraId: number): Promise<DownwardDelivery> {
  const para: ChainRpc = await connectRpc(paraWs);
  // Messages queued before this helper existed were meant for an earlier para state: not ours.
  let delivered = (await queue()).length;

  async function queue(): Promise<DownwardMessage[]> {
    const value = await relay.query.dmp!.downwardMessageQueues!(paraId);
    return (value.toJSON() as { sentAt: number; msg: `0x${string}` }[]).map(({ sentAt, msg }) => ({ sentAt, msg }));
  }

  return {
    async pending() {
      return (await queue()).slice(delivered);
    },
    async newParaBlock() {
      const all = await queue();
      const fresh = all.slice(delivered);
      await para.send('dev_newBlock', [fresh.length > 0 ? { dmp: fresh } : {}]);
      delivered = all.length;
      return fresh;
    },
    close: () => para.close(),
  };
}
