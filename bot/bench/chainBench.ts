import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { ApiPromise } from '@polkadot/api';
import { connect } from '../src/chain/connect.js';
import { executePlan } from '../src/chain/execute.js';
import type { NetworkSpec } from '../src/model/networkFile.js';
import type { OnChainPlan, OnChainStep, PlannedNode } from '../src/plan/types.js';
import { downloadGoModule } from '../src/tools/goModule.js';
import { PINNED } from '../src/tools/versions.js';
import { MemoryJournal } from '../test/memoryJournal.js';

// Registering N validators (keys + bond + validate) on a fresh Paseo under chopsticks: batched
// (what the bot does) against one extrinsic per node (the naive baseline), in the same run.
// Counts extrinsics and blocks it took; ms is wall time of the executor.

// substrate-gitops: allow-key-material the public Substrate development phrase; test chains only
const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
const KEY_TYPES = 'gran:ed25519,babe:sr25519,imon:sr25519,para:sr25519,asgn:sr25519,audi:sr25519,beef:ecdsa'.split(',').map((s) => {
  const [type, scheme] = s.split(':') as [string, 'sr25519'];
  return { type, scheme };
});

export interface RegistrationBench {
  extrinsics: number;
  blocks: number;
  ms: number;
}

function node(prefix: string, i: number): PlannedNode {
  const pod = `${prefix}-${i}`;
  return { network: 'bench', group: prefix, pod, role: 'validator', keys: { secret: 'bench-seeds', secretKey: 'seed', keyPath: `//${pod}//{type}//g{generation}`, accountPath: `//${pod}`, keyTypes: KEY_TYPES, generation: 1 } };
}

function steps(prefix: string, n: number): OnChainStep[] {
  return Array.from({ length: n }, (_, i) => [
    { kind: 'set-session-keys' as const, node: node(prefix, i), toGeneration: 1, reason: 'new-node' as const },
    { kind: 'register-validator' as const, node: node(prefix, i) },
  ]).flat();
}

const SPEC = {
  apiVersion: 'substrate-gitops.io/v1alpha1',
  kind: 'Network',
  name: 'bench',
  chain: { name: 'paseo', kind: 'relay', rpc: 'ws://127.0.0.1' },
  operator: { seedSecret: { name: 'bench-operator' }, root: 'sudo' },
  registration: { validators: 'register' },
} as NetworkSpec;

async function freshPaseo(): Promise<{ api: ApiPromise; close(): Promise<void> }> {
  const { setupWithServer } = await import('@acala-network/chopsticks');
  const module = await downloadGoModule(PINNED.gossamer.module, PINNED.gossamer.version);
  const genesis = JSON.parse(await readFile(join(module.dir, 'chain/paseo/chain-spec-raw.json'), 'utf8')) as unknown;
  const server = await setupWithServer({ genesis, port: 0, host: '127.0.0.1', 'build-block-mode': 'Manual' } as never);
  const api = await connect(`ws://${server.addr}`);
  const operator = new Keyring({ type: 'sr25519' }).addFromUri(`${DEV_PHRASE}//bench-operator`);
  await api.rpc('dev_setStorage' as never, { Sudo: { Key: operator.address }, System: { Account: [[[operator.address], { providers: 1, data: { free: '1000000000000000000' } }]] } } as never);
  await api.rpc('dev_newBlock' as never);
  return {
    api,
    close: async () => {
      await api.disconnect();
      await server.close();
    },
  };
}

async function run(api: ApiPromise, plans: OnChainPlan[]): Promise<RegistrationBench> {
  const seeds = async (secret: string) => (secret === 'bench-operator' ? `${DEV_PHRASE}//bench-operator` : DEV_PHRASE);
  let blocks = 0;
  let extrinsics = 0;
  const start = performance.now();
  for (const [i, plan] of plans.entries()) {
    const journal = new MemoryJournal();
    await journal.record({ id: `bench@${i}`, network: 'bench', commit: String(i), sequence: i, plan });
    const result = await executePlan({
      api,
      plan,
      spec: SPEC,
      seeds,
      journal,
      entryId: `bench@${i}`,
      produceBlock: async (a) => {
        await a.rpc('dev_newBlock' as never);
        blocks++;
      },
    });
    extrinsics += result.extrinsics;
    const bad = result.steps.filter((s) => s.state !== 'included');
    if (bad.length > 0) throw new Error(`bench registration did not apply: ${bad.length} step(s), first ${JSON.stringify(bad[0])}`);
  }
  return { extrinsics, blocks, ms: Math.round(performance.now() - start) };
}

/** Batched vs one-extrinsic-per-node, each on its own fresh relay chain. */
export async function benchRegistration(options: { nodes: number }): Promise<{ batched: RegistrationBench; perNode: RegistrationBench }> {
  await cryptoWaitReady();
  const n = options.nodes;
  const a = await freshPaseo();
  let batched: RegistrationBench;
  try {
    batched = await run(a.api, [{ network: 'bench', steps: steps('batched', n), notes: [] }]);
  } finally {
    await a.close();
  }
  const b = await freshPaseo();
  let perNode: RegistrationBench;
  try {
    const all = steps('single', n);
    const plans = Array.from({ length: n }, (_, i) => ({ network: 'bench', steps: all.slice(2 * i, 2 * i + 2), notes: [] }));
    perNode = await run(b.api, plans);
  } finally {
    await b.close();
  }
  return { batched, perNode };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const nodes = Number(process.argv[2] ?? 100);
  console.log(JSON.stringify(await benchRegistration({ nodes })));
}
