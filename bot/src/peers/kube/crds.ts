// The Argo CD CRDs (Application, AppProject, ApplicationSet) from the pinned Argo CD module,
// so the test API server serves the same schema Argo CD does.
import { ApiextensionsV1Api, KubeConfig } from '@kubernetes/client-node';
import { goModuleFiles } from '../../checks/schema/moduleFiles.js';
import { PINNED } from '../../tools/versions.js';

const CRD_FILES = ['manifests/crds/application-crd.yaml', 'manifests/crds/appproject-crd.yaml', 'manifests/crds/applicationset-crd.yaml'];

/** Read from the verified module zip: Go will not extract Argo CD v3.6 (it asks for Go 1.27). */
export async function argoCdCrdManifests(): Promise<string> {
  const files = await goModuleFiles(PINNED.argocd.module, PINNED.argocd.version, 'manifests/crds', (rel) => CRD_FILES.includes(rel));
  const missing = CRD_FILES.filter((file) => !files.has(file));
  if (missing.length) throw new Error(`${PINNED.argocd.module}@${PINNED.argocd.version} has no ${missing.join(', ')}`);
  return CRD_FILES.map((file) => files.get(file)!).join('\n---\n');
}

/** Wait until every named CRD reports Established=True (it then serves its resources). */
export async function waitForEstablished(kc: KubeConfig, names: readonly string[], timeoutMs = 60_000): Promise<void> {
  const api = kc.makeApiClient(ApiextensionsV1Api);
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(names);
  while (pending.size) {
    for (const name of [...pending]) {
      const crd = await api.readCustomResourceDefinition({ name });
      if (crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) pending.delete(name);
    }
    if (!pending.size) return;
    if (Date.now() > deadline) throw new Error(`CRDs not Established within ${Math.round(timeoutMs / 1000)} s: ${[...pending].join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
