// Kubeconfig files for the test API server: one cluster, one user, one context.
import { stringify } from 'yaml';

export type KubeUser = { clientCertificateData: string; clientKeyData: string } | { token: string };

export interface KubeconfigInput {
  server: string;
  /** Base64 PEM of the CA that signed the server certificate. */
  caData: string;
  userName: string;
  user: KubeUser;
  namespace?: string;
}

export function renderKubeconfig({ server, caData, userName, user, namespace }: KubeconfigInput): string {
  const credentials =
    'token' in user ? { token: user.token } : { 'client-certificate-data': user.clientCertificateData, 'client-key-data': user.clientKeyData };
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'substrate-gitops-test', cluster: { server, 'certificate-authority-data': caData } }],
    users: [{ name: userName, user: credentials }],
    contexts: [{ name: userName, context: { cluster: 'substrate-gitops-test', user: userName, ...(namespace ? { namespace } : {}) } }],
    'current-context': userName,
  });
}
