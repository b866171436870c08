// Doing: fetch a pinned Go module through the module proxy and read some of its
// files. Reads the verified module zip rather than the extracted folder, because
// Go refuses to extract a module whose go.mod asks for a newer Go (Argo CD v3.6
// asks for 1.27) even though the zip is downloaded and checked against go.sum.
import { readFile } from 'node:fs/promises';
import { EnvironmentError, ToolError } from '../../errors.js';
import { goProgress, requireGo } from '../../tools/goModule.js';
import { runTool } from '../../tools/run.js';
import { readZipEntries } from './zip.js';

interface DownloadInfo {
  Path?: string;
  Version?: string;
  Zip?: string;
  Sum?: string;
  Error?: string;
}

async function moduleZip(path: string, version: string): Promise<string> {
  try {
    await requireGo();
  } catch (error) {
    throw new EnvironmentError('Go is not installed or not on PATH; it fetches the Kubernetes and CRD sources the schemas are generated from', 'install Go ≥ 1.26.3 (https://go.dev/dl), then run `npm run setup`', { cause: error });
  }
  const { stdout, stderr } = await runTool('go', 'go', ['mod', 'download', '-json', `${path}@${version}`], {
    ...goProgress(`downloading ${path} ${version} for the JSON schemas`),
    okExitCodes: [0, 1],
    env: { GOFLAGS: '-mod=mod', GO111MODULE: 'on' },
  });
  let info: DownloadInfo;
  try {
    info = JSON.parse(stdout) as DownloadInfo;
  } catch (error) {
    throw new ToolError('go', 1, stderr, `go mod download ${path}@${version} printed no JSON`, false, { cause: error });
  }
  // A Sum means the zip was downloaded and verified; an Error about the Go version alone does not matter here.
  if (!info.Zip || !info.Sum) {
    throw new ToolError('go', 1, info.Error ?? stderr, `go mod download ${path}@${version} failed: ${info.Error ?? 'no module zip reported'}`);
  }
  return info.Zip;
}

/** Files of `path@version` under `folder` (module-relative), keyed by module-relative path. */
export async function goModuleFiles(path: string, version: string, folder: string, filter: (rel: string) => boolean = () => true): Promise<Map<string, string>> {
  const zip = await readFile(await moduleZip(path, version));
  const root = `${path}@${version}/`;
  const prefix = root + folder.replace(/\/?$/, '/');
  const entries = readZipEntries(zip, (name) => name.startsWith(prefix) && filter(name.slice(root.length)));
  return new Map([...entries].map(([name, text]) => [name.slice(root.length), text]));
}
