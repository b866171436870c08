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

// Where the two test runtimes' genesis specs come from, cached under
// .cache/peers/chain so a warm start touches neither the Go toolchain nor npm.

export type ChainRuntime = 'relay' | 'parachain';

/** Relay chain: Paseo (runtime `paseo`, with sudo), shipped inside the pinned gossamer module. */
const RELAY_SPEC_IN_MODULE = 'chain/paseo/chain-spec-raw.json';
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

/** Path of the Paseo raw spec; the first call fetches the gossamer module through the Go proxy. */
export async function relaySpecFile(): Promise<string> {
  const { module, version } = PINNED.gossamer;
  const cached = join(await specCache(), `paseo-gossamer-${version}.json`);
  if (await exists(cached)) return cached;
  const { dir } = await downloadGoModule(module, version);
  const source = join(dir, RELAY_SPEC_IN_MODULE);
  if (!(await exists(source))) {
    throw new EnvironmentError(`${module}@${version} has no ${RELAY_SPEC_IN_MODULE}`, `check PINNED.gossamer in bot/src/tools/versions.ts`);
  }
  await writeAtomically(cached, await readFile(source, 'utf8'));
  return cached;
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
  return runtime === 'relay' ? relaySpecFile() : parachainSpecFile();
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
