import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';

// The API server started once per run by the global set-up: reachable with the provided
// kubeconfigs, with the Argo CD CRDs installed and the bot's RBAC enforced.

function client(path: string): CustomObjectsApi {
  const config = new KubeConfig();
  config.loadFromFile(path);
  return config.makeApiClient(CustomObjectsApi);
}

describe('shared kube-apiserver peer', () => {
  it('serves Argo CD Applications to the bot, read-only', async () => {
    expect(inject('kubeServer')).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const bot = client(inject('kubeBotConfig'));
    const list = (await bot.listNamespacedCustomObject({ group: 'argoproj.io', version: 'v1alpha1', namespace: 'argocd', plural: 'applications' })) as { items: unknown[] };
    expect(Array.isArray(list.items)).toBe(true);
    await expect(
      bot.createNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: 'argocd',
        plural: 'applications',
        body: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'not-allowed' }, spec: {} },
      }),
    ).rejects.toMatchObject({ code: 403 });
  });
});
