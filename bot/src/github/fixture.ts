// Test support (no production code imports it): a small repository with one validator group
// and one rpc group per network, written the way operators write them.
import { networkFolder, nodeGroupBase } from '../../test/networkFixture.js';

function rpcBase(): Record<string, string> {
  const validator = nodeGroupBase()['apps/node/statefulset.yaml']!;
  // An rpc group has no session keys: no key annotations on its pods, no insert-keys init container.
  const keyed = validator.slice(validator.indexOf('      annotations:\n'), validator.indexOf('      containers:\n'));
  const rpc = validator
    .replace(keyed, '    spec:\n')
    .replaceAll('validator', 'rpc')
    .replace('args: ["--rpc", "--rpc-methods=safe"]', 'args: ["--rpc-methods=safe"]')
    .replace('args: ["--validator", "--rpc-methods=safe"]', 'args: ["--rpc-methods=safe"]');
  return {
    'apps/rpc/kustomization.yaml': 'resources:\n- statefulset.yaml\n',
    'apps/rpc/statefulset.yaml': rpc,
  };
}

export const RPC_IMAGE_FILE = (network: string) => `networks/${network}/rpc.yaml`;

/** networks/<name>/ with the validator base, the rpc base and an rpc image patch. */
export function networkWithRpc(name: string, rpcImage = 'docker.io/parity/polkadot:v1.17.1', options: { validators?: number } = {}): Record<string, string> {
  const files = networkFolder(name, options.validators !== undefined ? { replicas: options.validators } : {});
  const patches = ['- path: rpc.yaml', ...(options.validators !== undefined ? ['- path: validators.yaml'] : [])];
  files[`networks/${name}/kustomization.yaml`] = [`namespace: ${name}`, 'resources:', '- ../../apps/node', '- ../../apps/rpc', 'patches:', ...patches, ''].join('\n');
  files[RPC_IMAGE_FILE(name)] = ['apiVersion: apps/v1', 'kind: StatefulSet', 'metadata:', '  name: rpc', 'spec:', '  template:', '    spec:', '      containers:', '      - name: node', `        image: ${rpcImage}`, ''].join('\n');
  return files;
}

export function repositoryFiles(networks: readonly string[] = ['alpha', 'beta'], options: { validators?: number } = {}): Record<string, string> {
  return { ...nodeGroupBase(), ...rpcBase(), ...Object.assign({}, ...networks.map((n) => networkWithRpc(n, undefined, options))), 'networks/alpha/OWNERS': '# alpha owners\ncarol\n@acme/testnets\n', 'README.md': '# testnets\n' };
}
