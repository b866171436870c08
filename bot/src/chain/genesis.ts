import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { ParachainGenesisSource } from '../plan/types.js';
import { connect } from './connect.js';

// Genesis head and validation code of a parachain to onboard, from its declared source: a chain
// spec in the repository (`:code` from the raw genesis storage, and a precomputed `genesisHead`)
// or the parachain's own node (header of block 0 and `:code` at block 0).

const CODE_KEY = '0x3a636f6465';

export interface ParaGenesis {
  head: string;
  code: string;
}

export function genesisFromChainSpec(spec: unknown, file: string): ParaGenesis {
  const s = spec as { genesis?: { raw?: { top?: Record<string, string> } }; genesisHead?: string };
  const code = s.genesis?.raw?.top?.[CODE_KEY];
  if (!code) throw new InputError(`${file} is not a raw chain spec: genesis.raw.top has no :code (${CODE_KEY}); export it with --raw`, file);
  // The head is the SCALE header over the genesis state root; computing that root needs the
  // chain's trie, so the spec must carry it (`<node> export-genesis-head` prints it).
  if (!s.genesisHead) throw new InputError(`${file} has no "genesisHead": add the output of \`export-genesis-head\`, or declare onboarding.rpc to read it from the parachain's node`, file);
  return { head: s.genesisHead, code };
}

export async function readParaGenesis(source: ParachainGenesisSource, repoRoot: string): Promise<ParaGenesis> {
  if (source.chainSpec) {
    const text = await readFile(join(repoRoot, source.chainSpec), 'utf8');
    return genesisFromChainSpec(JSON.parse(text), source.chainSpec);
  }
  if (!source.rpc) throw new InputError('onboarding needs `chainSpec` or `rpc` in network.yaml to find the genesis head and code', 'network.yaml');
  const api = await connect(source.rpc);
  try {
    const hash0 = await api.rpc.chain.getBlockHash(0);
    const header = await api.rpc.chain.getHeader(hash0);
    // The storage value is the raw (usually compressed) Wasm blob: registered as is.
    const stored = (await api.rpc.state.getStorage(CODE_KEY, hash0)) as unknown as { isNone?: boolean; unwrap?(): { toHex(): string; isEmpty: boolean }; toHex(): string; isEmpty: boolean };
    const code = stored.unwrap && !stored.isNone ? stored.unwrap() : stored;
    if (stored.isNone || code.isEmpty) throw new InputError(`the parachain node at ${source.rpc} has no :code at block 0`, 'network.yaml');
    return { head: header.toHex(), code: code.toHex() };
  } finally {
    await api.disconnect();
  }
}
