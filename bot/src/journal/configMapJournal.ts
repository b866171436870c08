// The in-cluster journal: one ConfigMap per entry in the bot's namespace, the entry as JSON.
// Writes are compare-and-set on the ConfigMap's resourceVersion (the API server answers 409
// to a stale one), so replicas and restarts never lose or double a step's state.
import { createHash } from 'node:crypto';
import { CoreV1Api, type KubeConfig, type V1ConfigMap } from '@kubernetes/client-node';
import { EnvironmentError } from '../errors.js';
import { PREFIX } from '../model/annotations.js';
import { isConflict, isForbidden, isNotFound } from '../cluster/apiErrors.js';
import { isUnfinished, mergeOrder, newEntry, type RecordInput } from './entries.js';
import type { JournalEntry } from './types.js';
import { updateWithRetry, type UpdateOptions } from './updateLoop.js';
import type { Versioned, VersionedJournal } from './versioned.js';

export const JOURNAL_LABEL = `${PREFIX}/journal`;
export const NETWORK_LABEL = `${PREFIX}/network`;
export const STATUS_LABEL = `${PREFIX}/journal-status`;
const ID_ANNOTATION = `${PREFIX}/journal-id`;
const DATA_KEY = 'entry.json';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** `journal-<network>-<commit>` when that is a valid name, else a hash of the id. */
export function configMapName(entry: Pick<JournalEntry, 'network' | 'commit' | 'id'>): string {
  const readable = `journal-${entry.network}-${entry.commit}`.toLowerCase();
  if (readable.length <= 253 && DNS_LABEL.test(entry.network) && /^[0-9a-f]+$/i.test(entry.commit)) return readable;
  return `journal-${createHash('sha256').update(entry.id).digest('hex').slice(0, 40)}`;
}

function idToName(id: string): string {
  const at = id.lastIndexOf('@');
  return configMapName({ id, network: id.slice(0, at), commit: id.slice(at + 1) });
}

export class ConfigMapJournal implements VersionedJournal {
  private readonly api: CoreV1Api;

  constructor(
    kc: KubeConfig,
    readonly namespace = 'substrate-gitops',
    private readonly options: { update?: UpdateOptions } = {},
  ) {
    this.api = kc.makeApiClient(CoreV1Api);
  }

  private denied(error: unknown, verb: string): never {
    if (isForbidden(error)) {
      throw new EnvironmentError(
        `the bot may not ${verb} journal ConfigMaps in namespace ${this.namespace} (403 Forbidden)`,
        `grant configmaps get, list, create, update in ${this.namespace} to the bot's ServiceAccount (apps/substrate-gitops-bot/rbac-journal.yaml)`,
        { cause: error },
      );
    }
    throw error;
  }

  private toConfigMap(entry: JournalEntry, resourceVersion?: string): V1ConfigMap {
    return {
      metadata: {
        name: idToName(entry.id),
        namespace: this.namespace,
        ...(resourceVersion ? { resourceVersion } : {}),
        labels: { [JOURNAL_LABEL]: 'true', [NETWORK_LABEL]: entry.network, [STATUS_LABEL]: entry.status },
        annotations: { [ID_ANNOTATION]: entry.id },
      },
      data: { [DATA_KEY]: JSON.stringify(entry) },
    };
  }

  private parse(map: V1ConfigMap): JournalEntry {
    const text = map.data?.[DATA_KEY];
    if (!text) throw new Error(`journal ConfigMap ${this.namespace}/${map.metadata?.name} has no ${DATA_KEY}; it was not written by the bot`);
    return JSON.parse(text) as JournalEntry;
  }

  async record(input: RecordInput): Promise<JournalEntry> {
    const entry = newEntry(input);
    try {
      await this.api.createNamespacedConfigMap({ namespace: this.namespace, body: this.toConfigMap(entry) });
      return entry;
    } catch (error) {
      if (!isConflict(error)) this.denied(error, 'create');
    }
    // Recorded already (a redelivery, or another replica just now): that record stands.
    const existing = await this.get(input.id);
    if (!existing) throw new Error(`journal entry ${input.id} exists and vanished while being read; journal ConfigMaps must not be deleted`);
    return existing;
  }

  async read(id: string): Promise<Versioned | undefined> {
    try {
      const map = await this.api.readNamespacedConfigMap({ namespace: this.namespace, name: idToName(id) });
      return { entry: this.parse(map), version: map.metadata!.resourceVersion! };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      return this.denied(error, 'get');
    }
  }

  async get(id: string): Promise<JournalEntry | undefined> {
    return (await this.read(id))?.entry;
  }

  async compareAndSet(id: string, version: string, next: JournalEntry): Promise<boolean> {
    try {
      await this.api.replaceNamespacedConfigMap({ namespace: this.namespace, name: idToName(id), body: this.toConfigMap(next, version) });
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      return this.denied(error, 'update');
    }
  }

  update(id: string, change: (entry: JournalEntry) => JournalEntry): Promise<JournalEntry> {
    return updateWithRetry(this, id, change, this.options.update);
  }

  async list(): Promise<JournalEntry[]> {
    const entries: JournalEntry[] = [];
    let next: string | undefined;
    do {
      let page;
      try {
        page = await this.api.listNamespacedConfigMap({ namespace: this.namespace, labelSelector: `${JOURNAL_LABEL}=true`, limit: 250, ...(next ? { _continue: next } : {}) });
      } catch (error) {
        return this.denied(error, 'list');
      }
      entries.push(...page.items.map((map) => this.parse(map)));
      next = page.metadata?._continue || undefined;
    } while (next);
    return entries.sort(mergeOrder);
  }

  async unfinished(): Promise<JournalEntry[]> {
    return (await this.list()).filter(isUnfinished);
  }
}
