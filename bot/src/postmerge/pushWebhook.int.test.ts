// The post-merge run entered the way GitHub enters it: GitHub's example `push` payload, pointed
// at a real repository and signed, POSTed to the bot started from its environment
// (POST_MERGE=on) against the GitHub stand-in. The bot plans from GitHub archives, journals in
// ConfigMaps on the real API server, waits for the Application status this test writes as
// Argo CD would, and registers the new validator on the Paseo relay chain (chopsticks).
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApplication, grantBotSecrets, putSecret, syncedStatus, writeApplicationStatus } from '../../test/argoCd.js';
import { createRepo, type TestRepo } from '../../test/github/gitRepo.js';
import { assertNoViolations, startGitHubStandIn, type GitHubStandIn } from '../../test/github/server.js';
import { adjustPayload, examplePayload, sendWebhook, type Payload } from '../../test/github/webhooks.js';
import { networkFolder, nodeGroupBase } from '../../test/networkFixture.js';
import { withApi } from '../../test/peers.js';
import type { BotServer } from '../github/server.js';
import { startPostMergeBot } from '../../test/postMergeBot.js';
import { ConfigMapJournal } from '../journal/configMapJournal.js';
import { entryId } from '../journal/entries.js';
import { connectChainDev } from '../peers/chain/index.js';
import { loadKubeConfig } from '../peers/kube/start.js';

const NETWORK = `push-${randomUUID().slice(0, 6)}`;
const OWNER = 'acme';
const REPO = 'testnets';
const INSTALLATION = 9;
const PR = 7;
// The validator group's key types as Paseo 1001002's SessionKeys need them (imOnline included).
const KEY_TYPES = 'gran:ed25519,babe:sr25519,imon:sr25519,para:sr25519,asgn:sr25519,audi:sr25519,beef:ecdsa';
const SEED = `//substrate-gitops//push-${randomUUID().slice(0, 8)}`;

function networkFiles(options: { replicas: number; rpc: string; valid?: boolean }): Record<string, string> {
  const files = networkFolder(NETWORK, { replicas: options.replicas });
  const spec = files[`networks/${NETWORK}/network.yaml`]!.replace(/rpc: .*/, `rpc: ${options.rpc}`);
  // Invalid: the chain's RPC endpoint is required.
  files[`networks/${NETWORK}/network.yaml`] = options.valid === false ? spec.replace(/ {2}rpc: .*\n/, '') : spec;
  return files;
}


/** Poll until `check` returns a value (bounded; the bound is never what the test asserts). */
async function until<T>(check: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
const webhookSecret = `whs-${randomUUID()}`;
const logs: string[] = [];
const admin = () => loadKubeConfig(inject('kubeAdminConfig'));
const journal = () => new ConfigMapJournal(loadKubeConfig(inject('kubeBotConfig')));

let repo: TestRepo;
let github: GitHubStandIn;
let bot: BotServer;
let url: string;
let dev: Awaited<ReturnType<typeof connectChainDev>>;
let initial: string;
let merged: string;
let broken: string;

beforeAll(async () => {
  const rpc = inject('relayWs');
  repo = await createRepo({ ...nodeGroupBase(), ...networkFiles({ replicas: 2, rpc }), 'README.md': '# testnets\n' });
  // The group's key types as the relay's validators need them.
  const base = readFileSync(`${repo.dir}/apps/node/statefulset.yaml`, 'utf8').replace(/key-types: .*/, `key-types: "${KEY_TYPES}"`);
  initial = await repo.commit({ 'apps/node/statefulset.yaml': base }, 'Validators with the relay chain key types');
  await repo.branch('broken');
  broken = await repo.commit(networkFiles({ replicas: 3, rpc, valid: false }), `One more validator, network.yaml without its RPC (#${PR + 1})`);
  await repo.checkout('main');
  merged = await repo.commit(networkFiles({ replicas: 3, rpc }), `Merge pull request #${PR} from ${OWNER}/more-validators`);

  dev = await connectChainDev(rpc);
  await grantBotSecrets(admin(), NETWORK, ['seeds', `${NETWORK}-sudo`]);
  await putSecret(admin(), NETWORK, `${NETWORK}-sudo`, 'seed', inject('sudoUri'));
  await putSecret(admin(), NETWORK, 'seeds', 'seed', SEED);
  await createApplication(admin(), NETWORK);
  // Argo CD runs the commit before the merge.
  await writeApplicationStatus(admin(), NETWORK, syncedStatus(initial, 'Healthy', new Date('2026-03-01T10:00:00Z')));

  github = await startGitHubStandIn({ repos: { [`${OWNER}/${REPO}`]: { dir: repo.dir } }, appId: 42, privateKey, installationId: INSTALLATION });
  const log = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _encoding, done) => (logs.push(chunk.toString('utf8')), done()) }));
  ({ bot, webhookUrl: url } = await startPostMergeBot({
    apiUrl: github.apiUrl,
    appId: 42,
    privateKey,
    webhookSecret,
    repository: `${OWNER}/${REPO}`,
    kubeconfig: inject('kubeBotConfig'),
    syncTimeoutSeconds: 120,
    podName: `bot-${randomUUID().slice(0, 8)}`,
    log,
    produceBlock: async () => void (await dev.newBlock()),
  }));
});

afterAll(async () => {
  await bot?.close();
  await github?.close();
  await dev?.close();
  await repo?.remove();
});

function pushPayload(before: string, after: string, message: string, edit?: (p: Payload) => void): Payload {
  const payload = adjustPayload('push', examplePayload('push'), { owner: OWNER, repo: REPO, installationId: INSTALLATION, base: { sha: before, ref: 'main' }, head: { sha: after, ref: 'main' } });
  payload.head_commit.message = message;
  edit?.(payload);
  return payload;
}

async function deliver(payload: Payload): Promise<void> {
  const response = await sendWebhook(url, { event: 'push', payload, secret: webhookSecret });
  expect(response.status).toBe(200);
}

const messages = () => logs.map((line) => (JSON.parse(line) as { msg: string }).msg);
const hasLog = (pattern: RegExp) => messages().find((m) => pattern.test(m));
const tarballRequests = () => github.requests.filter((r) => r.operationId === 'repos/download-tarball-archive').length;
const statusesOf = (sha: string) => github.state.statuses.filter((s) => s.sha === sha && s.context === `substrate-gitops/chain: ${NETWORK}`);

/** The validator the merge adds, derived here from the seed as the documented paths say. */
async function validator2(): Promise<{ address: string; gran: string }> {
  await cryptoWaitReady();
  const address = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(`${SEED}//validator-2`).address;
  const gran = u8aToHex(new Keyring({ type: 'ed25519' }).addFromUri(`${SEED}//validator-2//gran//g1`).publicKey);
  return { address, gran };
}

async function chainStateOf(address: string): Promise<{ validator: boolean; nextKeys: Record<string, string> | undefined }> {
  return withApi(inject('relayWs'), async (api) => {
    // staking.validators reads as default prefs for any account: ask whether the key exists.
    const validator = (await api.query.staking!.validators!.keys()).some((k) => k.args[0]!.toString() === address);
    const keys = (await api.query.session!.nextKeys!(address)) as unknown as { isSome: boolean; unwrap(): { toJSON(): Record<string, string> } };
    return { validator, nextKeys: keys.isSome ? keys.unwrap().toJSON() : undefined };
  });
}

describe('a push webhook starts the post-merge run', () => {
  it('ignores pushes to another branch and a deleted default branch, saying why, and plans nothing', async () => {
    const entriesBefore = (await journal().list()).length;
    await deliver(pushPayload(initial, broken, 'wip', (p) => (p.ref = 'refs/heads/broken')));
    await deliver(pushPayload(merged, '0'.repeat(40), '', (p) => ((p.deleted = true), (p.head_commit = null))));
    expect(await until(() => hasLog(/refs\/heads\/broken .* ignored: refs\/heads\/broken is not the default branch main$/), 'the other-branch reason')).toBeTruthy();
    expect(await until(() => hasLog(/ignored: the default branch was deleted$/), 'the deletion reason')).toBeTruthy();
    expect(tarballRequests()).toBe(0);
    expect((await journal().list()).length).toBe(entriesBefore);
  });

  it('refuses a merge whose network.yaml is invalid: the reason on the commit, the pull request and in the log; nothing recorded or executed', async () => {
    await deliver(pushPayload(initial, broken, `One more validator (#${PR + 1})`));
    const status = await until(() => statusesOf(broken)[0], 'the refusal status');
    expect(status.state).toBe('failure');
    expect(status.description).toMatch(/^not applied: networks\/push-\w+ has (an error|\d+ errors) at /);
    const comment = await until(() => github.state.comments.find((c) => c.issue_number === PR + 1), 'the refusal comment');
    expect(comment.body).toContain(`networks/${NETWORK}/network.yaml`);
    expect(comment.body).toContain('fix it in a new pull request');
    expect(await until(() => hasLog(new RegExp(`${NETWORK}@${broken}: not applied: .*network\\.yaml`)), 'the refusal in the log')).toBeTruthy();
    expect(await until(() => hasLog(/no on-chain steps to record$/), 'the end of planning')).toBeTruthy();
    expect(await journal().get(entryId(NETWORK, broken))).toBeUndefined();
    expect((await chainStateOf((await validator2()).address)).validator).toBe(false);
  });

  it('records the merge in the journal, waits for Argo CD to deploy it, registers the validator on chain and reports it', async () => {
    const { address, gran } = await validator2();
    expect(await chainStateOf(address)).toEqual({ validator: false, nextKeys: undefined });
    await deliver(pushPayload(initial, merged, `Merge pull request #${PR} from ${OWNER}/more-validators\n\nOne more validator`));

    const id = entryId(NETWORK, merged);
    const recorded = await until(() => journal().get(id), 'the journal entry');
    expect(recorded.plan.steps.map((s) => `${s.kind} ${'node' in s ? s.node.pod : ''}`)).toEqual(['set-session-keys validator-2', 'register-validator validator-2']);
    expect(recorded.pullRequest).toBe(PR);
    // Argo CD is still on the earlier commit: the bot must not act yet.
    await until(() => hasLog(/"kind":"other-revision"/), 'the gate seeing the other revision');
    expect((await journal().get(id))!.status).toBe('waiting-for-sync');
    const finished = new Date('2026-03-01T11:00:00Z');
    await writeApplicationStatus(admin(), NETWORK, syncedStatus(merged, 'Progressing', finished));
    await until(() => hasLog(/"kind":"waiting","reason":"synced, health is Progressing/), 'the gate seeing Progressing');
    expect((await journal().get(id))!.status).toBe('waiting-for-sync');
    await writeApplicationStatus(admin(), NETWORK, syncedStatus(merged, 'Healthy', finished, 30_000));

    const done = await until(async () => {
      const e = await journal().get(id);
      return e?.status === 'done' || e?.status === 'failed' ? e : undefined;
    }, 'the run to finish');
    expect(done.reason).toBeUndefined();
    expect(done.status).toBe('done');
    const states = Object.values(done.steps);
    expect(states.map((s) => s.state)).toEqual(['included', 'included']);

    const onChain = await chainStateOf(address);
    expect(onChain.validator).toBe(true);
    expect(onChain.nextKeys?.grandpa).toBe(gran);

    expect(statusesOf(merged).map((s) => s.state)).toEqual(['pending', 'pending', 'success']);
    const comments = github.state.comments.filter((c) => c.issue_number === PR);
    expect(comments).toHaveLength(1);
    expect(done.commentId).toBe(comments[0]!.id);
    expect(comments[0]!.body).toContain('the chain matches the merge');
    const included = states[0] as { blockNumber: number; extrinsicHash: string };
    expect(comments[0]!.body).toContain(`included in block #${included.blockNumber}`);
    assertNoViolations(github);

    // The seed went from the Secret to the chain and nowhere else.
    const everything = [...github.state.comments.map((c) => c.body), ...github.state.statuses.map((s) => s.description ?? ''), ...logs];
    for (const text of everything) {
      expect(text).not.toContain(SEED);
      expect(text).not.toContain(webhookSecret);
    }
  });
});
