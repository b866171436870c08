// Doing: fetch one commit of the repository as a GitHub tarball and unpack it safely.
import { TarballError, unpackTarball, type TarballLimits, type UnpackResult } from '../repo/tarball.js';
import type { GitHubClient } from './client.js';

export interface TreeRequest {
  owner: string;
  repo: string;
  sha: string;
}

export type FetchTree = (github: GitHubClient, request: TreeRequest, targetDir: string, limits: TarballLimits) => Promise<UnpackResult>;

export const fetchTreeFromTarball: FetchTree = async (github, request, targetDir, limits) => {
  const response = await github.rest.repos.downloadTarballArchive({ owner: request.owner, repo: request.repo, ref: request.sha });
  const bytes = new Uint8Array(response.data as ArrayBuffer);
  if (bytes.length > limits.maxTotalBytes) {
    throw new TarballError(`the archive of ${request.sha.slice(0, 7)} is ${bytes.length} bytes compressed, over limits.tarball.maxTotalBytes (${limits.maxTotalBytes}); raise it in .github/substrate-gitops.yml if this is expected`);
  }
  return unpackTarball(bytes, targetDir, limits);
};
