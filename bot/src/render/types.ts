// What rendering produces: every resource of a rendered folder, with provenance.

export interface ResourceId {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface RenderedResource extends ResourceId {
  /** The rendered folder (repository-relative), e.g. `networks/rococo-ten` or `clusters/dev`. */
  source: string;
  /** The network the resource belongs to (for folders under networks/). */
  network?: string;
  /** Repository-relative file the resource was declared in (kustomize origin annotation), and the line its document starts at. */
  origin: { file: string; line?: number };
  /** The resource with kustomize's build-metadata annotations removed. */
  object: Record<string, unknown>;
}

export interface RenderedFolder {
  source: string;
  network?: string;
  resources: RenderedResource[];
}

export function resourceKey(r: ResourceId): string {
  return `${r.kind}/${r.namespace ?? '_'}/${r.name}`;
}
