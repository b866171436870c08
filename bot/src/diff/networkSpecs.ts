import { stringify } from 'yaml';
import type { NetworkSpec } from '../model/networkFile.js';
import { diffFields, unifiedDiff } from './diffRenders.js';
import type { ResourceChange } from './types.js';

// Pure: network.yaml is never rendered by kustomize, yet a change to it (onboarding mode, sudo
// Secret, registration) acts on chain. It is diffed as a resource of kind Network, from the
// validated spec, so a reviewer sees it beside the rendered changes.

const NETWORKS_DIR = 'networks';

export function diffNetworkSpecs(names: Iterable<string>, base: ReadonlyMap<string, NetworkSpec>, head: ReadonlyMap<string, NetworkSpec>): ResourceChange[] {
  const changes: ResourceChange[] = [];
  for (const name of [...new Set(names)].sort()) {
    const b = base.get(name);
    const h = head.get(name);
    if (!b && !h) continue;
    if (b && h && JSON.stringify(b) === JSON.stringify(h)) continue;
    const file = `${NETWORKS_DIR}/${name}/network.yaml`;
    const ref = (h ?? b)!;
    changes.push({
      source: `${NETWORKS_DIR}/${name}`,
      network: name,
      apiVersion: ref.apiVersion,
      kind: 'Network',
      name,
      change: !b ? 'added' : !h ? 'removed' : 'modified',
      fields: b && h ? diffFields(b, h) : [],
      unified: unifiedDiff(b ? file : '/dev/null', h ? file : '/dev/null', b ? stringify(b, { lineWidth: 0 }) : '', h ? stringify(h, { lineWidth: 0 }) : ''),
    });
  }
  return changes;
}
