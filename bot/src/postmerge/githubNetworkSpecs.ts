// network.yaml as of a given commit, read through the contents API (the bot has no clone),
// for the executor and for resumed entries' RPC endpoints.
import { InputError } from '../errors.js';
import type { GitHubClient } from '../github/client.js';
import type { JournalEntry } from '../journal/types.js';
import { parseNetworkFile, type NetworkSpec } from '../model/networkFile.js';

export function githubNetworkSpecs(github: GitHubClient, repo: { owner: string; repo: string }): (network: string, entry: Pick<JournalEntry, 'commit'>) => Promise<NetworkSpec> {
  return async (network, entry) => {
    const file = `networks/${network}/network.yaml`;
    let data: unknown;
    try {
      data = (await github.rest.repos.getContent({ ...repo, path: file, ref: entry.commit })).data;
    } catch (error) {
      if ((error as { status?: number }).status === 404) throw new InputError(`${file} does not exist at ${entry.commit.slice(0, 12)} in ${repo.owner}/${repo.repo}`, file);
      throw error;
    }
    const content = data as { type?: string; encoding?: string; content?: string };
    if (Array.isArray(data) || content.type !== 'file' || content.encoding !== 'base64' || typeof content.content !== 'string') {
      throw new InputError(`${file} at ${entry.commit.slice(0, 12)} is not a regular file`, file);
    }
    const { spec, findings } = parseNetworkFile(file, Buffer.from(content.content, 'base64').toString('utf8'), network);
    if (!spec) throw new InputError(`${file} at ${entry.commit.slice(0, 12)} is not valid: ${findings.map((f) => f.message).join('; ')}`, file);
    return spec;
  };
}
