// network.yaml as of a given commit, read from a local clone (`git show`), for the executor.
import { InputError } from '../errors.js';
import type { JournalEntry } from '../journal/types.js';
import { parseNetworkFile, type NetworkSpec } from '../model/networkFile.js';
import { runTool } from '../tools/run.js';

export function gitNetworkSpecs(repoDir: string): (network: string, entry: JournalEntry) => Promise<NetworkSpec> {
  return async (network, entry) => {
    const file = `networks/${network}/network.yaml`;
    const { stdout } = await runTool('git', 'git', ['-C', repoDir, 'show', `${entry.commit}:${file}`], { timeoutMs: 30_000 });
    const { spec, findings } = parseNetworkFile(file, stdout, network);
    if (!spec) throw new InputError(`${file} at ${entry.commit.slice(0, 12)} is not valid: ${findings.map((f) => f.message).join('; ')}`, file);
    return spec;
  };
}
