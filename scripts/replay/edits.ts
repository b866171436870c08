// Pure: the edits the merge replay makes to its copy of a network, as an operator would make
// them by hand. Comments and layout of the edited files are kept.
import { parseAllDocuments, parseDocument, stringify } from 'yaml';

/** network.yaml with `chain.rpc` pointed at the sandbox's chain. */
export function withRpc(networkYaml: string, rpc: string): string {
  const doc = parseDocument(networkYaml);
  if (!doc.hasIn(['chain', 'rpc'])) throw new Error('network.yaml has no chain.rpc to point at the sandbox chain');
  doc.setIn(['chain', 'rpc'], rpc);
  return doc.toString();
}

/**
 * Declared key types with every type `required` adds (after the last declared one). The
 * sandbox's Paseo runtime still has imOnline in its SessionKeys, which rococo-style
 * declarations leave out.
 */
export function withKeyTypes(text: string, required: readonly string[]): string {
  return text.replace(/(substrate-gitops\.io\/key-types:\s*"?)([a-z0-9:,]+)/g, (_all, prefix: string, list: string) => {
    const present = new Set(list.split(',').map((entry) => entry.split(':')[0]));
    const missing = required.filter((entry) => !present.has(entry.split(':')[0]));
    return `${prefix}${[list, ...missing].join(',')}`;
  });
}

/** A kustomization's `replicas` entry for `name` raised by one; returns the new text and the new count. */
export function oneMoreReplica(kustomizationYaml: string, name: string): { text: string; count: number } {
  const doc = parseDocument(kustomizationYaml);
  const entries = (doc.toJS() as { replicas?: { name: string; count: number }[] }).replicas ?? [];
  const index = entries.findIndex((r) => r.name === name);
  if (index < 0) throw new Error(`the kustomization sets no replicas for ${name}`);
  const count = entries[index]!.count + 1;
  doc.setIn(['replicas', index, 'count'], count);
  return { text: doc.toString(), count };
}

/** The p2p Services file with one more Service for `pod`, copied from the one of `template`. */
export function withP2pService(servicesYaml: string, template: string, pod: string): string {
  const source = parseAllDocuments(servicesYaml)
    .map((d) => d.toJS() as { metadata?: { name?: string } } | null)
    .find((o) => o?.metadata?.name === `${template}-p2p`);
  if (!source) throw new Error(`no Service ${template}-p2p to copy`);
  const copy = JSON.parse(JSON.stringify(source).replaceAll(`"${template}-p2p"`, `"${pod}-p2p"`).replaceAll(`"${template}"`, `"${pod}"`)) as object;
  return `${servicesYaml.replace(/\n*$/, '\n')}---\n${stringify(copy)}`;
}
