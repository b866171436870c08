// Doing: read `.github/substrate-gitops.yml` at the base commit through the contents API
// (before any tarball is fetched: the limits for fetching come from it).
import { CONFIG_FILE, parseConfig, type ConfigResult } from '../config.js';
import type { GitHubClient } from './client.js';

const MAX_CONFIG_BYTES = 64 * 1024;

export async function readRepoConfig(github: GitHubClient, owner: string, repo: string, ref: string): Promise<ConfigResult> {
  let content: unknown;
  try {
    content = (await github.rest.repos.getContent({ owner, repo, path: CONFIG_FILE, ref })).data;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return parseConfig(undefined);
    throw error;
  }
  const file = content as { type?: string; encoding?: string; content?: string; size?: number };
  if (Array.isArray(content) || file.type !== 'file' || file.encoding !== 'base64' || typeof file.content !== 'string') {
    return { ok: false, problems: [`${CONFIG_FILE}: is not a regular file`] };
  }
  if ((file.size ?? 0) > MAX_CONFIG_BYTES) return { ok: false, problems: [`${CONFIG_FILE}: is ${file.size} bytes, over ${MAX_CONFIG_BYTES}`] };
  return parseConfig(Buffer.from(file.content, 'base64').toString('utf8'));
}
