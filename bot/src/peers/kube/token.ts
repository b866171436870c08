import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';

/** A bound ServiceAccount token from the TokenRequest API (what a Pod would get mounted). */
export async function requestServiceAccountToken(kc: KubeConfig, namespace: string, name: string, expirationSeconds = 24 * 3600): Promise<string> {
  const api = kc.makeApiClient(CoreV1Api);
  const response = await api.createNamespacedServiceAccountToken({
    namespace,
    name,
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: [], expirationSeconds } },
  });
  const token = response.status?.token;
  if (!token) throw new Error(`the API server issued no token for ServiceAccount ${namespace}/${name}`);
  return token;
}
