// Everything the offline checks need, fetched once: the pinned kubeconform and
// conftest binaries and the generated schemas. `npm run setup` calls this.
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
  return { kubeconform, conftest, schemaDir };
}
