// Doing: generate the schema folder once per set of pins and reuse it afterwards.
// Nothing is downloaded at check time once the folder exists.
import { createHash, randomUUID } from 'node:crypto';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { cacheDir } from '../../tools/cache.js';
import { stderrLine } from '../../tools/progressWatch.js';
import { crdSchemas, standaloneFromSwagger, swaggerKinds, type GroupVersionKind, type JsonSchema } from './convert.js';
import { schemaFileFor } from './layout.js';
import { KUBERNETES_SWAGGER, readCrdManifests, readSwaggerDefinitions, schemaStamp } from './sources.js';

/** Deciding: every schema file to write, keyed by its path relative to the schema folder. */
export function planSchemaFiles(definitions: Record<string, unknown>, crds: unknown[]): Map<string, JsonSchema> {
  const files = new Map<string, JsonSchema>();
  const add = (gvk: GroupVersionKind, schema: JsonSchema) => files.set(schemaFileFor(gvk), schema);
  for (const { gvk, definition } of swaggerKinds(definitions)) add(gvk, standaloneFromSwagger(definitions, definition));
  for (const crd of crds) for (const { gvk, schema } of crdSchemas(crd)) add(gvk, schema);
  return files;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

export async function writeSchemaFiles(dir: string, files: Map<string, JsonSchema>): Promise<void> {
  for (const [rel, schema] of files) {
    const path = join(dir, rel);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, JSON.stringify(schema));
  }
}

/**
 * The folder of generated schemas for the pinned Kubernetes version and CRDs,
 * generating it when missing. Built in a temporary folder and renamed into place,
 * so a concurrent or interrupted run never leaves a half-written folder behind.
 */
export async function ensureSchemas(): Promise<string> {
  const stamp = createHash('sha256').update(schemaStamp()).digest('hex').slice(0, 12);
  const parent = await cacheDir('schemas', KUBERNETES_SWAGGER.version);
  const dir = join(parent, stamp);
  if (await exists(dir)) return dir;

  stderrLine(`generating the JSON schemas for Kubernetes ${KUBERNETES_SWAGGER.version} and the pinned CRDs (first use only)`);
  const files = planSchemaFiles(await readSwaggerDefinitions(), await readCrdManifests());
  const temp = join(parent, `.tmp-${randomUUID()}`);
  try {
    await writeSchemaFiles(temp, files);
    await writeFile(join(temp, 'stamp.json'), schemaStamp());
    await rename(temp, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another process finished first: its folder is the same, keep it.
      if (!(await exists(dir))) throw error;
    });
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return dir;
}
