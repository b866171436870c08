// Everything the offline checks need, fetched once: the pinned kubeconform and
// conftest binaries, the generated schemas and the table of namespaced kinds the Argo CD
// stage reads. `npm run setup` calls this.
import { ensureScopeTable } from '../checks/argocd/scopes.js';
import { ensureSchemas } from '../checks/schema/generate.js';
import { ensureTool } from './install.js';

export interface CheckToolsReport {
  kubeconform: string;
  conftest: string;
  schemaDir: string;
}

export async function setupCheckTools(): Promise<CheckToolsReport> {
  // Sequential on purpose: each `go install` already uses every core.
  const kubeconform = await ensureTool('kubeconform');
  const conftest = await ensureTool('conftest');
  const schemaDir = await ensureSchemas();
  await ensureScopeTable();
  return { kubeconform, conftest, schemaDir };
}
