// The part of an Argo CD Application (argoproj.io/v1alpha1) the bot reads. Argo CD owns the
// object; the bot only gets, lists and watches it.

export const ARGO_NAMESPACE = 'argocd';
export const APPLICATIONS = { group: 'argoproj.io', version: 'v1alpha1', plural: 'applications' } as const;

export interface ArgoApplication {
  metadata: { name: string; namespace?: string; resourceVersion?: string };
  status?: {
    sync?: { status?: string; revision?: string };
    health?: { status?: string; message?: string; lastTransitionTime?: string };
    /** When the controller last assessed sync and health. */
    reconciledAt?: string;
    conditions?: { type?: string; message?: string; lastTransitionTime?: string }[];
    operationState?: {
      /** What was asked (required by the CRD); the bot reads the result below. */
      operation?: { sync?: { revision?: string } };
      phase?: string;
      message?: string;
      startedAt?: string;
      finishedAt?: string;
      syncResult?: { revision?: string };
    };
  };
}
