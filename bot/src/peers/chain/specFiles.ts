import { randomUUID } from 'node:crypto';
import { u8aToHex } from '@polkadot/util';
import { access, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { EnvironmentError } from '../../errors.js';
import { cacheDir } from '../../tools/cache.js';
import { downloadGoModule } from '../../tools/goModule.js';
import { PINNED } from '../../tools/versions.js';
import { GENESIS_TIMESTAMP_MS, asRawChainSpec, withGenesisTimestamp, withSudoKey, type RawChainSpec } from './spec.js';
import { toAccountId } from './storageKeys.js';

// Where the test runtimes' genesis specs come from, cached under .cache/peers/chain so a
// warm start touches neither the Go toolchain nor npm.

/**
 * `relay`: Paseo (paseo 1001002). `parachain`: Rococo Asset Hub (statemine 900).
 * `relay-v2`: Westend dev (westend 9320), a relay from the XCM v2 era: the one relay here that
 * can send the parachain peer (XCM ≤ 2) a message it reads — Paseo tags every message with a
 * v3 `SetTopic` — so relay-to-para root is tested on it.
 */
export type ChainRuntime = 'relay' | 'parachain' | 'relay-v2';

/** Relay specs shipped inside the pinned gossamer module. */
const RELAY_SPEC_IN_MODULE = 'chain/paseo/chain-spec-raw.json';
const RELAY_V2_SPEC_IN_MODULE = 'chain/westend-dev/westend-dev-spec-raw.json';
/** Parachain: Rococo Asset Hub genesis (runtime `statemine`), an npm package export. */
const PARACHAIN_SPEC_PACKAGE = '@substrate/connect-known-chains/rococo_v2_2_asset_hub';

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * Write via a temporary name so a concurrent reader never sees half a file. The name is unique
 * per call: two chains started at once in one process prepare the same spec concurrently.
 */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

async function specCache(): Promise<string> {
  return cacheDir('peers', 'chain');
}

async function gossamerSpecFile(inModule: string, name: string): Promise<string> {
  const { module, version } = PINNED.gossamer;
  const cached = join(await specCache(), `${name}-gossamer-${version}.json`);
  if (await exists(cached)) return cached;
  const { dir } = await downloadGoModule(module, version);
  const source = join(dir, inModule);
  if (!(await exists(source))) {
    throw new EnvironmentError(`${module}@${version} has no ${inModule}`, `check PINNED.gossamer in bot/src/tools/versions.ts`);
  }
  const spec = JSON.parse(await readFile(source, 'utf8')) as { properties?: unknown };
  // chopsticks requires `properties`; the Westend dev spec ships `null`.
  spec.properties ??= { ss58Format: 42, tokenDecimals: 12, tokenSymbol: 'WND' };
  await writeAtomically(cached, JSON.stringify(spec));
  return cached;
}

/** Path of the Paseo raw spec; the first call fetches the gossamer module through the Go proxy. */
export function relaySpecFile(): Promise<string> {
  return gossamerSpecFile(RELAY_SPEC_IN_MODULE, 'paseo');
}

/** Path of the Westend dev raw spec (the XCM v2 relay), from the same module. */
export function relayV2SpecFile(): Promise<string> {
  return gossamerSpecFile(RELAY_V2_SPEC_IN_MODULE, 'westend-dev');
}

/** Path of the Rococo Asset Hub raw spec, written from the npm package on first use. */
export async function parachainSpecFile(): Promise<string> {
  const cached = join(await specCache(), 'rococo-v2-2-asset-hub.json');
  if (await exists(cached)) return cached;
  let text: string;
  try {
    ({ chainSpec: text } = (await import(PARACHAIN_SPEC_PACKAGE)) as { chainSpec: string });
  } catch (error) {
    throw new EnvironmentError(`cannot load ${PARACHAIN_SPEC_PACKAGE}`, 'run `npm ci` (it is a devDependency)', { cause: error });
  }
  await writeAtomically(cached, text);
  return cached;
}

export async function specFile(runtime: ChainRuntime): Promise<string> {
  if (runtime === 'relay') return relaySpecFile();
  if (runtime === 'relay-v2') return relayV2SpecFile();
  return parachainSpecFile();
}

export async function readRawSpec(file: string): Promise<RawChainSpec> {
  return asRawChainSpec(JSON.parse(await readFile(file, 'utf8')) as unknown, file);
}

/**
 * Path of the spec a test chain starts from: `runtime`'s genesis with a fixed genesis time
 * and, if given, `sudo` as the sudo key. Cached per runtime and account.
 */
export async function preparedSpecFile(runtime: ChainRuntime, sudo?: string): Promise<string> {
  const base = await specFile(runtime);
  const account = sudo === undefined ? 'nosudo' : `sudo-${u8aToHex(toAccountId(sudo)).slice(2)}`;
  const cached = join(await specCache(), `${basename(base, '.json')}-t${GENESIS_TIMESTAMP_MS}-${account}.json`);
  if (await exists(cached)) return cached;
  let spec = withGenesisTimestamp(await readRawSpec(base));
  if (sudo !== undefined) spec = withSudoKey(spec, sudo, base);
  await writeAtomically(cached, JSON.stringify(spec));
  return cached;
}
