// A small but complete network tree, written the way operators write them, for tests
// of rendering, diffing and planning against the real kustomize.

export function nodeGroupBase(): Record<string, string> {
  return {
    'apps/node/kustomization.yaml': 'resources:\n- statefulset.yaml\n- service.yaml\n',
    'apps/node/statefulset.yaml': [
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata:',
      '  name: validator',
      '  labels:',
      '    substrate-gitops.io/role: validator',
      '  annotations:',
      '    substrate-gitops.io/role: validator',
      'spec:',
      '  replicas: 2',
      '  serviceName: validator',
      '  selector:',
      '    matchLabels: {app: validator}',
      '  template:',
      '    metadata:',
      '      labels: {app: validator}',
      '      annotations:',
      '        substrate-gitops.io/key-types: "gran:ed25519,babe:sr25519"',
      '        substrate-gitops.io/key-generation: "1"',
      '    spec:',
      '      initContainers:',
      '      - name: insert-keys',
      '        image: docker.io/parity/polkadot:v1.17.1',
      '        env:',
      '        - {name: SEED, valueFrom: {secretKeyRef: {name: seeds, key: seed}}}',
      '        - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}',
      "        - {name: KEY_TYPES, valueFrom: {fieldRef: {fieldPath: \"metadata.annotations['substrate-gitops.io/key-types']\"}}}",
      "        - {name: KEY_GENERATION, valueFrom: {fieldRef: {fieldPath: \"metadata.annotations['substrate-gitops.io/key-generation']\"}}}",
      '        resources:',
      '          requests: {cpu: 100m, memory: 256Mi}',
      '          limits: {cpu: 500m, memory: 256Mi}',
      '      containers:',
      '      - name: node',
      '        image: docker.io/parity/polkadot:v1.17.1',
      '        args: ["--validator", "--rpc-methods=safe"]',
      '        resources:',
      '          requests: {cpu: "1", memory: 2Gi}',
      '          limits: {cpu: "2", memory: 2Gi}',
      '',
    ].join('\n'),
    'apps/node/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: validator\nspec:\n  clusterIP: None\n  selector: {app: validator}\n  ports:\n  - {name: p2p, port: 30333}\n',
  };
}

export function networkFolder(name: string, options: { replicas?: number; generation?: number; image?: string } = {}): Record<string, string> {
  const patches: string[] = [];
  const files: Record<string, string> = {};
  if (options.replicas !== undefined || options.generation !== undefined || options.image !== undefined) {
    const lines = ['apiVersion: apps/v1', 'kind: StatefulSet', 'metadata:', '  name: validator'];
    lines.push('spec:');
    if (options.replicas !== undefined) lines.push(`  replicas: ${options.replicas}`);
    if (options.generation !== undefined || options.image !== undefined) lines.push('  template:');
    // The pod template's annotation is what the insert-keys init container reads: a rotation.
    if (options.generation !== undefined) lines.push('    metadata:', '      annotations:', `        substrate-gitops.io/key-generation: "${options.generation}"`);
    if (options.image !== undefined) lines.push('    spec:', '      containers:', '      - name: node', `        image: ${options.image}`);
    files[`networks/${name}/validators.yaml`] = lines.join('\n') + '\n';
    patches.push('- path: validators.yaml');
  }
  files[`networks/${name}/kustomization.yaml`] = [`namespace: ${name}`, 'resources:', '- ../../apps/node', ...(patches.length ? ['patches:', ...patches] : [])].join('\n') + '\n';
  files[`networks/${name}/network.yaml`] = [
    'apiVersion: substrate-gitops.io/v1alpha1',
    'kind: Network',
    `name: ${name}`,
    'chain:',
    `  name: ${name}-local`,
    '  kind: relay',
    `  rpc: ws://rpc.${name}.svc:9944`,
    'operator:',
    `  seedSecret: {name: ${name}-sudo}`,
    'registration:',
    '  validators: register',
    'bounds:',
    '  validators: {min: 1, max: 20}',
    '',
  ].join('\n');
  return files;
}
