// `npm run sandbox -- <network> --replay-merge`: one merge replayed end to end on the sandbox's
// peers, for a newcomer to watch and for CI to run. The bot runs here from its environment
// (POST_MERGE=on) against the local GitHub stand-in; a local repository holds a copy of the
// network pointed at the sandbox relay; a commit adds a validator; the push webhook is sent
// signed; this script plays Argo CD; the bot registers the validator on chain. Each phase is
// printed as it happens. Resolves true when the run ended done.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, mnemonicGenerate } from '@polkadot/util-crypto';
import { pino } from 'pino';
import { createApplication, putSecret, syncedStatus, writeApplicationStatus } from '../../bot/test/argoCd.js';
import { createRepo, type TestRepo } from '../../bot/test/github/gitRepo.js';
import { startGitHubStandIn, type GitHubStandIn } from '../../bot/test/github/server.js';
import { adjustPayload, examplePayload, sendWebhook } from '../../bot/test/github/webhooks.js';
import { connect } from '../../bot/src/chain/connect.js';
import { startPostMergeBot } from '../../bot/test/postMergeBot.js';
import { ConfigMapJournal } from '../../bot/src/journal/configMapJournal.js';
import { entryId } from '../../bot/src/journal/entries.js';
import type { JournalEntry } from '../../bot/src/journal/types.js';
import { parseNetworkFile } from '../../bot/src/model/networkFile.js';
import type { ChainPeer } from '../../bot/src/peers/chain/index.js';
import { loadKubeConfig, type KubePeer } from '../../bot/src/peers/kube/start.js';
import { describeStep, stepId } from '../../bot/src/plan/types.js';
import { REPO_ROOT } from '../../bot/src/tools/cache.js';
import { oneMoreReplica, withKeyTypes, withP2pService, withRpc } from './edits.js';

const OWNER = 'sandbox';
const REPO = 'testnets';
const INSTALLATION = 1;
const PR = 1;
/** Paseo 1001002's SessionKeys has imOnline too; rococo-style declarations leave it out. */
const RELAY_KEY_TYPES = ['imon:sr25519'];
const RUN_TIMEOUT_MS = 5 * 60_000;

export interface ReplayPeers {
  network: string;
  relay: ChainPeer;
  kube: KubePeer;
  /** The relay's sudo phrase; becomes the network's operator Secret, printed nowhere. */
  operatorPhrase: string;
  operatorAddress: string;
}

const say = (line: string) => console.log(`replay │ ${line}`);


async function until<T>(check: () => Promise<T | undefined> | T | undefined, what: string, deadline: number): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Copy the network and the shared bases into a fresh repository, pointed at the sandbox relay. */
async function repositoryFor(network: string, rpc: string): Promise<TestRepo> {
  const repo = await createRepo({ 'README.md': '# testnets (sandbox copy)\n' });
  for (const folder of [`networks/${network}`, 'apps', '.github']) await cp(join(REPO_ROOT, folder), join(repo.dir, folder), { recursive: true });
  const edit = async (path: string, change: (text: string) => string) => ({ [path]: change(await readFile(join(repo.dir, path), 'utf8')) });
  await repo.commit(
    {
      ...(await edit(`networks/${network}/network.yaml`, (t) => withRpc(t, rpc))),
      ...(await edit('apps/substrate-node/components/validator/validator.yaml', (t) => withKeyTypes(t, RELAY_KEY_TYPES))),
    },
    `${network} as in substrate-gitops, its RPC pointed at the sandbox relay`,
  );
  return repo;
}

/** One validator more, with its p2p Service, as the folder's README asks. */
async function addValidator(repo: TestRepo, network: string): Promise<{ sha: string; pod: string }> {
  const kustomization = `networks/${network}/validator/kustomization.yaml`;
  const services = `networks/${network}/p2p-services.yaml`;
  const { text, count } = oneMoreReplica(await readFile(join(repo.dir, kustomization), 'utf8'), 'validator');
  const pod = `validator-${count - 1}`;
  const sha = await repo.commit({ [kustomization]: text, [services]: withP2pService(await readFile(join(repo.dir, services), 'utf8'), 'validator-0', pod) }, `Merge pull request #${PR} from ${OWNER}/one-more-validator\n\nAdd ${pod}`);
  return { sha, pod };
}

function describeEntry(entry: JournalEntry): string[] {
  return entry.plan.steps.map((step) => {
    const state = entry.steps[stepId(step)];
    const detail = state?.state === 'submitted' ? ` extrinsic ${state.extrinsicHash}` : state?.state === 'included' ? ` extrinsic ${state.extrinsicHash} in block #${state.blockNumber} (${state.blockHash})` : state?.state === 'skipped' ? ` (${state.note})` : state?.state === 'failed' ? ` (${state.reason})` : '';
    return `  ${describeStep(step)}: ${state?.state ?? 'planned'}${detail}`;
  });
}

/** The node's account derived from its seed as the documented path says (`//{pod}`), and its chain state. */
async function validatorOnChain(rpc: string, seed: string, pod: string): Promise<{ address: string; validator: boolean; keys: boolean }> {
  await cryptoWaitReady();
  const address = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(`${seed}//${pod}`).address;
  const api = await connect(rpc, 30_000);
  try {
    // staking.validators reads as default prefs for any account: ask whether the key exists.
    const validator = (await api.query.staking!.validators!.keys()).some((k) => k.args[0]!.toString() === address);
    const keys = ((await api.query.session!.nextKeys!(address)) as unknown as { isSome: boolean }).isSome;
    return { address, validator, keys };
  } finally {
    await api.disconnect();
  }
}

export async function replayMerge(peers: ReplayPeers): Promise<boolean> {
  const { network, relay, kube } = peers;
  const spec = parseNetworkFile('network.yaml', await readFile(join(REPO_ROOT, 'networks', network, 'network.yaml'), 'utf8'), network).spec;
  if (!spec || spec.chain.kind !== 'relay' || spec.registration.validators !== 'register') {
    throw new Error(`--replay-merge adds a validator to a relay network that registers them (e.g. rococo-ten); ${network} is not one`);
  }
  const stops: (() => Promise<unknown>)[] = [];
  const admin = loadKubeConfig(kube.adminKubeconfig);
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  try {
    // The operator pays the fees of its sudo calls.
    await relay.fund(peers.operatorAddress, 10n ** 16n);
    const repo = await repositoryFor(network, relay.wsUrl);
    stops.push(() => repo.remove());
    const before = await repo.sha();
    say(`repository ${repo.dir}: ${network} at ${before.slice(0, 12)}, chain.rpc → ${relay.wsUrl}`);

    const seedsSecret = 'validator-keys';
    await putSecret(admin, network, spec.operator.seedSecret.name, spec.operator.seedSecret.key ?? 'seed', peers.operatorPhrase);
    const validatorSeed = mnemonicGenerate(12);
    await putSecret(admin, network, seedsSecret, 'seed', validatorSeed);
    say(`Secrets ${network}/${spec.operator.seedSecret.name} (operator) and ${network}/${seedsSecret} (a fresh validator seed) created; their values are printed nowhere`);
    await createApplication(admin, network);
    await writeApplicationStatus(admin, network, syncedStatus(before, 'Healthy', new Date(Date.now() - 60_000)));
    say(`Argo CD (played here): Application ${network} Synced and Healthy at ${before.slice(0, 12)}`);

    const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
    const github: GitHubStandIn = await startGitHubStandIn({ repos: { [`${OWNER}/${REPO}`]: { dir: repo.dir } }, appId: 1, privateKey, installationId: INSTALLATION });
    stops.push(() => github.close());

    const webhookSecret = `sandbox-${randomUUID()}`;
    const gate: string[] = [];
    const botLines: string[] = [];
    const log = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          const { msg } = JSON.parse(chunk.toString('utf8')) as { msg: string };
          botLines.push(msg);
          const observed = /"type":"observed","result":(\{.*\})\}$/.exec(msg);
          if (observed) {
            const result = JSON.parse(observed[1]!) as { kind: string; reason?: string };
            gate.push(result.kind === 'waiting' ? `waiting: ${result.reason}` : result.kind);
            say(`bot: sync gate → ${gate.at(-1)}`);
          } else if (!msg.includes('argo: ')) say(`bot: ${msg}`);
          done();
        },
      }),
    );
    // Manual block building: the bot asks for a block while it waits for inclusion.
    const { bot, webhookUrl } = await startPostMergeBot({
      apiUrl: github.apiUrl,
      appId: 1,
      privateKey,
      webhookSecret,
      repository: `${OWNER}/${REPO}`,
      kubeconfig: kube.botKubeconfig,
      syncTimeoutSeconds: 240,
      podName: 'sandbox-bot',
      log,
      produceBlock: async () => void (await relay.newBlock()),
    });
    stops.push(() => bot.close());

    const { sha: after, pod } = await addValidator(repo, network);
    say(`merged pull request #${PR} as ${after.slice(0, 12)}: ${pod} added`);
    const payload = adjustPayload('push', examplePayload('push'), { owner: OWNER, repo: REPO, installationId: INSTALLATION, base: { sha: before, ref: 'main' }, head: { sha: after, ref: 'main' } });
    payload.head_commit.message = `Merge pull request #${PR} from ${OWNER}/one-more-validator`;
    const response = await sendWebhook(webhookUrl, { event: 'push', payload, secret: webhookSecret });
    say(`push webhook delivered: HTTP ${response.status}`);

    const journal = new ConfigMapJournal(admin);
    const id = entryId(network, after);
    let shown = '';
    const show = (entry: JournalEntry) => {
      const text = [`journal ${entry.id}: ${entry.status}${entry.reason ? ` (${entry.reason})` : ''}`, ...describeEntry(entry)].join('\n');
      if (text !== shown) say(text.replaceAll('\n', '\nreplay │ '));
      shown = text;
    };
    show(await until(() => journal.get(id), 'the journal entry', deadline));

    await until(() => (gate.includes('other-revision') ? true : undefined), 'the gate to see the earlier revision', deadline);
    const finishedAt = new Date();
    say(`Argo CD (played here): synced ${after.slice(0, 12)}, pods starting (Progressing)`);
    await writeApplicationStatus(admin, network, syncedStatus(after, 'Progressing', finishedAt));
    await until(() => (gate.some((g) => g.includes('Progressing')) ? true : undefined), 'the gate to see Progressing', deadline);
    say(`Argo CD (played here): ${after.slice(0, 12)} Synced and Healthy`);
    await writeApplicationStatus(admin, network, syncedStatus(after, 'Healthy', finishedAt, 5_000));

    const final = await until(
      async () => {
        const entry = await journal.get(id);
        if (entry) show(entry);
        return entry?.status === 'done' || entry?.status === 'failed' ? entry : undefined;
      },
      'the run to finish',
      deadline,
    );
    const statuses = github.state.statuses.filter((s) => s.sha === after).map((s) => `${s.state} (${s.description ?? ''})`);
    say(`commit statuses on ${after.slice(0, 12)}: ${statuses.join(' → ')}`);
    const comment = github.state.comments.find((c) => c.issue_number === PR);
    say(`comment on pull request #${PR}:\n${(comment?.body ?? '(none)').trimEnd()}`.replaceAll('\n', '\nreplay │   '));
    if (final.status !== 'done') {
      say(`failed: ${final.reason ?? 'no reason recorded'}`);
      return false;
    }
    const leaked = [...botLines, ...github.state.comments.map((c) => c.body), ...github.state.statuses.map((s) => s.description ?? '')].some((t) => t.includes(validatorSeed) || t.includes(peers.operatorPhrase));
    if (leaked) {
      say('failed: a seed appeared in a log line, comment or status');
      return false;
    }
    // Not the journal's word for it: the chain's own storage.
    const onChain = await validatorOnChain(relay.wsUrl, validatorSeed, pod);
    say(`on chain: ${pod} = ${onChain.address}: staking.validators ${onChain.validator ? 'has it' : 'does NOT have it'}, session.nextKeys ${onChain.keys ? 'set' : 'NOT set'}`);
    return onChain.validator && onChain.keys;
  } finally {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => say(`cleanup: ${(error as Error).message}`));
  }
}
