import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A temporary folder built from a path → content map; `dispose` removes it. */
export async function writeTree(files: Record<string, string | Buffer>): Promise<{ dir: string; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'sg-tree-'));
  await addFiles(dir, files);
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

export async function addFiles(dir: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}
