// The Argo CD CRDs (Application, AppProject, ApplicationSet) from the pinned Argo CD module,
// so the test API server serves the same schema Argo CD does.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiextensionsV1Api, KubeConfig } from '@kubernetes/client-node';
import { downloadGoModule } from '../../tools/goModule.js';
import { PINNED } from '../../tools/versions.js';

const CRD_FILES = ['application-crd.yaml', 'appproject-crd.yaml', 'applicationset-crd.yaml'];

export async function argoCdCrdManifests(): Promise<string> {
  const argocd = await downloadGoModule(PINNED.argocd.module, PINNED.argocd.version);
  const texts = await Promise.all(CRD_FILES.map((file) => readFile(join(argocd.dir, 'manifests', 'crds', file), 'utf8')));
  return texts.join('\n---\n');
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
