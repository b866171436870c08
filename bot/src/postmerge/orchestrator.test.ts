// Resuming `executing` entries needs no cluster: a file journal, a loopback JSON-RPC node, and
// an executor that fails part-way, as a crash or a dropped connection would leave it.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { RpcNodeHealthCheck } from '../cluster/nodeHealth.js';
import { FileJournal } from '../journal/fileJournal.js';
import { planOf } from '../journal/journalContract.js';
import { stepId } from '../plan/types.js';
import { PostMerge } from './orchestrator.js';
import type { ChainExecutor, Progress } from './types.js';

let dir: string;
let server: WebSocketServer;
let rpc: string;
const at = '2026-01-01T00:00:00Z';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-orchestrator-'));
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  rpc = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on('connection', (socket) =>
    socket.on('message', (data) => {
      const { id } = JSON.parse(data.toString()) as { id: number };
      socket.send(JSON.stringify({ jsonrpc: '2.0', id, result: { peers: 3, isSyncing: false, shouldHavePeers: true } }));
    }),
  );
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

function run(journal: FileJournal, executor: ChainExecutor, reports: Progress[]): PostMerge {
  return new PostMerge({
    journal,
    planner: { plan: async () => ({ planned: [], refused: [] }) },
    waiter: {
      waitForDeployment: async () => {
        throw new Error('an executing entry must not wait for Argo CD again');
      },
    },
    health: new RpcNodeHealthCheck(),
    executor,
    reporter: { report: async (_entry, progress) => (reports.push(progress), {}) },
  });
}

describe('an executor that stops part-way', () => {
  it('keeps the entry executing when a step is in flight, and the next start finishes it without resubmitting', async () => {
    const journal = new FileJournal(join(dir, 'inflight'));
    const plan = planOf('rococo', ['validator-0', 'validator-1']);
    const [s0, s1] = plan.steps.map(stepId) as [string, string];
    const id = `rococo@${'1'.repeat(40)}`;
    await journal.record({ id, network: 'rococo', commit: '1'.repeat(40), sequence: 1, plan, status: 'executing' });

    const reports: Progress[] = [];
    const first = run(
      journal,
      {
        async execute({ entry, journal: j }) {
          await j.update(entry.id, (e) => ({ ...e, steps: { ...e.steps, [s0]: { state: 'submitted', extrinsicHash: '0xaa', nonce: 1, signer: '5Op', at } } }));
          throw new Error('connection to the chain dropped');
        },
      },
      reports,
    );
    await first.resume(() => rpc);
    await first.idle();
    const kept = (await journal.get(id))!;
    expect(kept.status).toBe('executing');
    expect(kept.reason).toBe('stopped with steps in flight, resumed on the next start: connection to the chain dropped');
    expect(reports.at(-1)).toEqual({ phase: 'executing', detail: kept.reason });

    const asked: { resolve: string[]; submit: string[] }[] = [];
    const second = run(
      journal,
      {
        async execute({ entry, journal: j, resolve, submit }) {
          asked.push({ resolve: resolve.map(stepId), submit: submit.map(stepId) });
          for (const step of [...resolve, ...submit]) {
            await j.update(entry.id, (e) => ({ ...e, steps: { ...e.steps, [stepId(step)]: { state: 'included', extrinsicHash: '0xaa', blockHash: '0xbb', blockNumber: 3, at } } }));
          }
        },
      },
      reports,
    );
    await second.resume(() => rpc);
    await second.idle();
    expect(asked).toEqual([{ resolve: [s0], submit: [s1] }]);
    expect((await journal.get(id))!.status).toBe('done');
  });

  it('fails the entry when nothing was in flight', async () => {
    const journal = new FileJournal(join(dir, 'nothing'));
    const id = `rococo@${'2'.repeat(40)}`;
    await journal.record({ id, network: 'rococo', commit: '2'.repeat(40), sequence: 1, plan: planOf('rococo', ['validator-0']), status: 'executing' });
    const reports: Progress[] = [];
    const once = run(
      journal,
      {
        async execute() {
          throw new Error('operator account has no funds');
        },
      },
      reports,
    );
    await once.resume(() => rpc);
    await once.idle();
    expect(await journal.get(id)).toMatchObject({ status: 'failed', reason: 'the executor failed: operator account has no funds' });
    expect(reports.at(-1)).toEqual({ phase: 'failed', detail: 'the executor failed: operator account has no funds' });
  });
});
