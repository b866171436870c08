// Playing Argo CD and the cluster operator in tests and the sandbox: the network's namespace
// with the bot's Secret grant (the repository's own secret-access component), the seed
// Secrets, the Application, and the Application status as Argo CD's controller writes it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { APPLICATIONS, ARGO_NAMESPACE, type ArgoApplication } from '../src/cluster/argoApplication.js';
import { isConflict } from '../src/cluster/apiErrors.js';
import { applyManifests } from '../src/peers/kube/apply.js';
import { REPO_ROOT } from '../src/tools/cache.js';
import { runTool } from '../src/tools/run.js';

/** Namespace `network` with Role substrate-gitops-bot-secrets granting `get` on exactly `secrets`. */
export async function grantBotSecrets(admin: KubeConfig, network: string, secrets: readonly string[]): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'sg-grant-'));
  try {
    const component = relative(folder, join(REPO_ROOT, 'apps', 'substrate-gitops-bot', 'secret-access'));
    const patch = ['  - target: {kind: Role, name: substrate-gitops-bot-secrets}', '    patch: |-', '      - op: replace', '        path: /rules/0/resourceNames', `        value: [${secrets.join(', ')}]`];
    await writeFile(join(folder, 'kustomization.yaml'), [`namespace: ${network}`, 'components:', `  - ${component}`, 'patches:', ...patch, ''].join('\n'));
    const { stdout } = await runTool('kubectl', 'kubectl', ['kustomize', folder], { timeoutMs: 60_000 });
    await applyManifests(admin, `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${network}}\n---\n${stdout}`);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Create (or replace the data of) a Secret with one key. */
export async function putSecret(admin: KubeConfig, namespace: string, name: string, key: string, value: string): Promise<void> {
  const core = admin.makeApiClient(CoreV1Api);
  const body = { metadata: { name, namespace }, stringData: { [key]: value } };
  try {
    await core.createNamespacedSecret({ namespace, body });
  } catch (error) {
    if (!isConflict(error)) throw error;
    await core.replaceNamespacedSecret({ namespace, name, body });
  }
}

/** The network's Application in namespace argocd (both created when missing). */
export async function createApplication(admin: KubeConfig, network: string): Promise<void> {
  await applyManifests(
    admin,
    [
      `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ARGO_NAMESPACE}}`,
      `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: ${network}, namespace: ${ARGO_NAMESPACE}}\nspec:\n  project: default\n  source: {repoURL: "https://example.invalid/testnets.git", path: networks/${network}, targetRevision: main}\n  destination: {server: "https://kubernetes.default.svc", namespace: ${network}}`,
    ].join('\n---\n'),
  );
}

/**
 * Status after a sync of `revision` that finished at `finishedAt`, with the health Argo CD
 * assessed `healthAfterMs` later (Progressing while pods start, then Healthy).
 */
export function syncedStatus(revision: string, health: 'Progressing' | 'Healthy', finishedAt: Date, healthAfterMs = 1_000): NonNullable<ArgoApplication['status']> {
  const iso = (ms: number) => new Date(finishedAt.getTime() + ms).toISOString();
  return {
    sync: { status: 'Synced', revision },
    operationState: { operation: { sync: { revision } }, phase: 'Succeeded', startedAt: iso(-2_000), finishedAt: iso(0), syncResult: { revision } },
    health: { status: health, lastTransitionTime: iso(healthAfterMs) },
    reconciledAt: iso(healthAfterMs),
  };
}

export async function writeApplicationStatus(admin: KubeConfig, network: string, status: NonNullable<ArgoApplication['status']>): Promise<void> {
  await admin
    .makeApiClient(CustomObjectsApi)
    .patchNamespacedCustomObject({ ...APPLICATIONS, namespace: ARGO_NAMESPACE, name: network, body: { status } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
}
