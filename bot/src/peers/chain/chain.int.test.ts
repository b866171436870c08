import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ToolError } from '../../errors.js';
import { REPO_ROOT } from '../../tools/cache.js';
import { testAccount, withApi } from '../../../test/peers.js';
import { startChainProcess } from './chainProcess.js';
import { connectChainDev, type ChainDev } from './devRpc.js';
import { GENESIS_TIMESTAMP_MS } from './spec.js';
import { startChain } from './startChain.js';

const PAS = 10n ** 10n;

/** Resolves to whether something on loopback already holds `port`. */
function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(true) : reject(error)));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}

/** Whether `pid` is a live process (an exited one awaiting its parent's wait() counts as gone). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Poll until `condition` holds; fails after `limitMs` (a bound on waiting, not a timing assertion). */
async function eventually(condition: () => boolean | Promise<boolean>, what: string, limitMs = 30_000): Promise<void> {
  for (const started = Date.now(); Date.now() - started < limitMs; ) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`still waiting after ${limitMs / 1000} s: ${what}`);
}

const LEFTOVER_FIXTURE = join(REPO_ROOT, 'bot', 'src', 'peers', 'chain', 'leftover.fixture.ts');

/** Run the fixture; resolves with what it printed about its chain, and the fixture's own process. */
function startFixture(how: 'exit' | 'hang'): Promise<{ chain: { pid: number; port: number }; fixturePid: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', LEFTOVER_FIXTURE, how], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fixture printed nothing usable within 180 s:\n${output}`));
    }, 180_000);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('{"pid"'));
      if (line) {
        clearTimeout(timer);
        resolve({ chain: JSON.parse(line) as { pid: number; port: number }, fixturePid: child.pid! });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!output.includes('{"pid"')) reject(new Error(`fixture exited with ${code} before its chain was up:\n${output}`));
    });
  });
}

describe('relay chain peer (Paseo)', () => {
  const relayWs = inject('relayWs');
  let dev: ChainDev & { close(): Promise<void> };
  beforeAll(async () => {
    dev = await connectChainDev(relayWs);
  });
  afterAll(async () => {
    await dev?.close();
  });

  it('runs the paseo runtime with the pallets the bot drives', async () => {
    await withApi(relayWs, async (api) => {
      expect(api.runtimeVersion.specName.toString()).toBe('paseo');
      expect(api.runtimeVersion.specVersion.toNumber()).toBe(1001002);
      const pallets = api.runtimeMetadata.asLatest.pallets.map((pallet) => pallet.name.toString());
      expect(pallets).toEqual(expect.arrayContaining(['Sudo', 'Staking', 'Session', 'Registrar', 'Paras', 'Utility', 'XcmPallet']));
    });
  });

  it('started from the fixed genesis time, one slot per block', async () => {
    await withApi(relayWs, async (api) => {
      const blockOne = await api.at(await api.rpc.chain.getBlockHash(1));
      const now = (await blockOne.query.timestamp!.now!()) as unknown as { toNumber(): number };
      expect(now.toNumber()).toBe(GENESIS_TIMESTAMP_MS + 6_000);
    });
  });

  it('has the test-controlled account as sudo key', async () => {
    await withApi(relayWs, async (api) => {
      const key = await api.query.sudo!.key!();
      expect(u8aToHex(key.toU8a(true))).toBe(u8aToHex(decodeAddress(inject('sudoAddress'))));
    });
  });

  it('executes a sudo call signed by that account once a block is built', async () => {
    const sudo = await testAccount(inject('sudoUri'));
    const target = await testAccount('//substrate-gitops//chain-test//target');
    await withApi(relayWs, async (api) => {
      const before = await dev.account(sudo.address);
      const call = api.tx.sudo!.sudo!(api.tx.balances!.forceSetBalance!(target.address, 42n * PAS));
      await call.signAndSend(sudo);
      // Manual block building: nothing happened yet.
      expect(await dev.account(target.address)).toBeNull();
      await dev.newBlock();
      expect((await dev.account(target.address))?.free).toBe(42n * PAS);
      const after = await dev.account(sudo.address);
      expect(after?.nonce).toBe((before?.nonce ?? 0) + 1);
    });
  });

  it('rejects the same call from an account that is not sudo', async () => {
    const intruder = await testAccount('//substrate-gitops//chain-test//intruder');
    const target = await testAccount('//substrate-gitops//chain-test//untouched');
    await dev.fund(intruder.address, 100n * PAS);
    await withApi(relayWs, async (api) => {
      await api.tx.sudo!.sudo!(api.tx.balances!.forceSetBalance!(target.address, 42n * PAS)).signAndSend(intruder);
      const head = await dev.newBlock();
      const hash = await api.rpc.chain.getBlockHash(head);
      const events = await (await api.at(hash)).query.system!.events!();
      const failed = (events as unknown as { event: { section: string; method: string } }[]).map(({ event }) => `${event.section}.${event.method}`);
      expect(failed).toContain('system.ExtrinsicFailed');
      expect(await dev.account(target.address)).toBeNull();
      expect((await dev.account(intruder.address))?.nonce).toBe(1);
    });
  });

  it('fund() sets the free balance and keeps the nonce', async () => {
    const sudo = await testAccount(inject('sudoUri'));
    const nonce = (await dev.account(sudo.address))!.nonce;
    expect(nonce).toBeGreaterThan(0);
    await dev.fund(sudo.address, 123_456n * PAS);
    await withApi(relayWs, async (api) => {
      const account = (await api.query.system!.account!(sudo.address)) as unknown as { nonce: { toNumber(): number }; data: { free: { toBigInt(): bigint } } };
      expect(account.data.free.toBigInt()).toBe(123_456n * PAS);
      expect(account.nonce.toNumber()).toBe(nonce);
    });
  });
});

describe('parachain peer (Rococo Asset Hub)', () => {
  const parachainWs = inject('parachainWs');

  it('runs statemine with collator selection and four invulnerables', async () => {
    await withApi(parachainWs, async (api) => {
      expect(api.runtimeVersion.specName.toString()).toBe('statemine');
      expect(api.runtimeVersion.specVersion.toNumber()).toBe(900);
      const invulnerables = (await api.query.collatorSelection!.invulnerables!()) as unknown as unknown[];
      expect(invulnerables).toHaveLength(4);
      expect(api.query.sudo).toBeUndefined();
    });
  });

  it('fund() changes the free balance the runtime reports, and blocks build on it', async () => {
    const dev = await connectChainDev(parachainWs);
    try {
      const who = await testAccount('//substrate-gitops//chain-test//collator');
      await dev.fund(who.address, 7_000_000_000_000n);
      const head = await dev.newBlock();
      await withApi(parachainWs, async (api) => {
        const header = await api.rpc.chain.getHeader();
        expect(header.number.toNumber()).toBe(head);
        const account = (await api.query.system!.account!(who.address)) as unknown as { data: { free: { toBigInt(): bigint } } };
        expect(account.data.free.toBigInt()).toBe(7_000_000_000_000n);
      });
    } finally {
      await dev.close();
    }
  });
});

describe('startChain', () => {
  it('serves on a port of its own and frees it on stop()', async () => {
    const peer = await startChain({ runtime: 'parachain' });
    try {
      expect(peer.wsUrl).toBe(`ws://127.0.0.1:${peer.port}`);
      expect([peer.specName, peer.specVersion]).toEqual(['statemine', 900]);
      expect(await portInUse(peer.port)).toBe(true);
      expect(await peer.newBlock()).toBeGreaterThan(0);
    } finally {
      await peer.stop();
    }
    expect(await portInUse(peer.port)).toBe(false);
    await peer.stop(); // idempotent
  });

  it('refuses a sudo account for a runtime without sudo', async () => {
    await expect(startChain({ runtime: 'parachain', sudo: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY' })).rejects.toThrow(/no sudo pallet/);
  });

  it('reports a chain that cannot start with the end of its log', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chain-peer-'));
    try {
      const specFile = join(dir, 'no-runtime.json');
      await writeFile(specFile, JSON.stringify({ name: 'Empty', id: 'empty', properties: {}, genesis: { raw: { top: {} } } }));
      const failure = await startChainProcess({ specFile, port: 0, buildBlockMode: 'manual', maxLifetimeMs: 600_000 }, { startIdleMs: 120_000, logLevel: 'info' }).then(
        (started) => started.stop().then(() => undefined),
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(ToolError);
      expect((failure as ToolError).tool).toBe('chopsticks');
      expect((failure as ToolError).message).toContain(specFile);
      expect((failure as ToolError).stderrTail).not.toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves no chain behind when its starter exits without stop()', async () => {
    const { chain } = await startFixture('exit');
    expect(chain.port).toBeGreaterThan(0);
    // The process having ended is the claim; its port is not re-checked here, because on a
    // machine shared with other test runs a port freed a while ago may be someone else's.
    await eventually(() => !isRunning(chain.pid), `chain process ${chain.pid} to end`);
  });

  it('leaves no chain behind when its starter is killed outright', async () => {
    const { chain, fixturePid } = await startFixture('hang');
    expect(isRunning(chain.pid)).toBe(true);
    process.kill(fixturePid, 'SIGKILL');
    await eventually(() => !isRunning(chain.pid), `chain process ${chain.pid} to end after its parent was killed`);
  });
});
