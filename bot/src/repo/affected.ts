// Which rendered folders a change touches. Pure: dependency sets in, folder names out.

/** Changes under these paths re-check every folder (the rules themselves changed). */
export const GLOBAL_INPUTS = ['policies/', 'networks/network.schema.json', '.github/key-allowlist.yaml'];

/**
 * Folders under this prefix are Argo CD entry points: their AppProjects decide what every
 * network may deploy, so a change to one (or to anything it renders from) re-checks everything.
 */
export const CLUSTERS_PREFIX = 'clusters/';

export function affectedFolders(
  folders: readonly { source: string; deps: ReadonlySet<string> }[],
  changedFiles: readonly string[],
): string[] {
  if (changedFiles.some((f) => GLOBAL_INPUTS.some((g) => f === g || (g.endsWith('/') && f.startsWith(g))))) {
    return folders.map((f) => f.source);
  }
  const out: string[] = [];
  for (const folder of folders) {
    const hit = changedFiles.some((file) => {
      // Anything inside the folder itself (network.yaml, OWNERS, a new patch) counts.
      if (file.startsWith(`${folder.source}/`)) return true;
      for (const dep of folder.deps) if (file === dep || file.startsWith(`${dep}/`)) return true;
      return false;
    });
    if (hit) out.push(folder.source);
  }
  if (out.some((source) => source.startsWith(CLUSTERS_PREFIX))) return folders.map((f) => f.source);
  return out;
}
