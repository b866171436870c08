// Deciding: the facts policies need beyond the one document they judge, passed to
// conftest as ONE --data document so one process checks every network.
import { ANNOTATIONS } from '../../model/annotations.js';
import type { RenderedResource } from '../../render/types.js';

export interface NetworkFacts {
  /** Folder name under networks/. */
  name: string;
  /** Repository-relative path of its network.yaml. */
  file: string;
  /** The parsed network.yaml. */
  data: unknown;
}

export interface WorkloadFacts {
  kind: string;
  name: string;
  namespace: string;
  network: string;
  role: string;
  podLabels: Record<string, string>;
  /** Declared replicas of a StatefulSet (1 when unset); which pod names exist. */
  replicas?: number;
}

export interface ServiceFacts {
  name: string;
  namespace: string;
  type: string;
  selector: Record<string, string>;
}

export interface PolicyData {
  /** network.yaml of every network, keyed by name (what the substrate-gitops.io/network label says). */
  networks: Record<string, unknown>;
  /** Every workload's pod labels and role: which pods a Service selects. */
  workloads: WorkloadFacts[];
  services: ServiceFacts[];
}

type Obj = Record<string, unknown>;

function record(value: unknown): Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : {};
}

function strings(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(record(value)).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function podTemplate(r: RenderedResource): Obj | undefined {
  const spec = record(r.object.spec);
  if (r.kind === 'Pod') return r.object;
  if (r.kind === 'CronJob') return record(record(record(spec.jobTemplate).spec).template);
  return spec.template === undefined ? undefined : record(spec.template);
}

export function networksData(networks: readonly NetworkFacts[]): Record<string, unknown> {
  return Object.fromEntries(networks.map((n) => [n.name, n.data ?? {}]));
}

export function policyData(resources: readonly RenderedResource[], networks: readonly NetworkFacts[]): PolicyData {
  const workloads: WorkloadFacts[] = [];
  const services: ServiceFacts[] = [];
  for (const r of resources) {
    const metadata = record(r.object.metadata);
    const labels = strings(metadata.labels);
    const annotations = strings(metadata.annotations);
    const template = podTemplate(r);
    if (template) {
      workloads.push({
        kind: r.kind,
        name: r.name,
        namespace: r.namespace ?? '',
        network: labels[ANNOTATIONS.network] ?? r.network ?? '',
        role: labels[ANNOTATIONS.role] ?? annotations[ANNOTATIONS.role] ?? '',
        podLabels: strings(record(template.metadata).labels),
        ...(r.kind === 'StatefulSet' ? { replicas: typeof record(r.object.spec).replicas === 'number' ? (record(r.object.spec).replicas as number) : 1 } : {}),
      });
    }
    if (r.kind === 'Service') {
      const spec = record(r.object.spec);
      services.push({ name: r.name, namespace: r.namespace ?? '', type: String(spec.type ?? 'ClusterIP'), selector: strings(spec.selector) });
    }
  }
  return { networks: networksData(networks), workloads, services };
}
