// Server-side apply of multi-document YAML, in document order (kustomize already puts
// Namespaces and CRDs first).
import { KubeConfig, KubernetesObjectApi, PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';

export const FIELD_MANAGER = 'substrate-gitops-test-peer';

/** The non-empty objects of a multi-document YAML text; throws on a syntax error. */
export function parseManifests(text: string): KubernetesObject[] {
  const objects: KubernetesObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new Error(`invalid manifest YAML: ${doc.errors[0]!.message}`);
    const value = doc.toJS() as KubernetesObject | null;
    if (value && typeof value === 'object') objects.push(value);
  }
  return objects;
}

export async function applyManifests(kc: KubeConfig, text: string): Promise<KubernetesObject[]> {
  const client = KubernetesObjectApi.makeApiClient(kc);
  const applied: KubernetesObject[] = [];
  for (const object of parseManifests(text)) {
    applied.push(await client.patch(object, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply));
  }
  return applied;
}
