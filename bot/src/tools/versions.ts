// Every external tool and source this project fetches, pinned in one place.
// Bumping one is a reviewed change to this file.

export const PINNED = {
  /** Kubernetes version the manifests are validated against and the test API server runs. */
  kubernetes: { module: 'k8s.io/kubernetes', version: 'v1.32.13', stagingVersion: 'v0.32.13' },
  argocd: { module: 'github.com/argoproj/argo-cd/v3', version: 'v3.6.1' },
  prometheusOperator: { module: 'github.com/prometheus-operator/prometheus-operator', version: 'v0.85.0' },
  kubeconform: { module: 'github.com/yannh/kubeconform/cmd/kubeconform', version: 'v0.7.0' },
  conftest: { module: 'github.com/open-policy-agent/conftest', version: 'v0.69.0' },
  gossamer: { module: 'github.com/ChainSafe/gossamer', version: 'v0.9.0' },
} as const;
