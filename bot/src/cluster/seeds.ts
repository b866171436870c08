// Seeds are read from their Secret at execution time only, held in memory for the step that
// needs them, and never written anywhere. Errors name the Secret and the grant to add, and
// never carry a value.
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { EnvironmentError } from '../errors.js';
import { apiStatus } from './apiErrors.js';

export interface SeedRef {
  /** The network's namespace (the network name). */
  namespace: string;
  secret: string;
  key: string;
}

export interface SeedSource {
  read(ref: SeedRef): Promise<string>;
}

export class SeedAccessError extends EnvironmentError {
  override name = 'SeedAccessError';
  constructor(
    message: string,
    fix: string,
    readonly ref: SeedRef,
    readonly status?: number,
  ) {
    super(message, fix);
  }
}

/** What to do about a refused or missing Secret (pure, for the message and tests). */
export function seedAccessFix(ref: SeedRef, status: number | undefined): { message: string; fix: string } {
  const where = `Secret ${ref.namespace}/${ref.secret}`;
  if (status === 403) {
    return {
      message: `the bot may not read ${where} (403 Forbidden)`,
      fix: `add "${ref.secret}" to resourceNames of Role substrate-gitops-bot-secrets in namespace ${ref.namespace}: in networks/${ref.namespace}/kustomization.yaml, include the component ../../apps/substrate-gitops-bot/secret-access and list the name in its resourceNames patch`,
    };
  }
  if (status === 404) return { message: `${where} does not exist`, fix: `create ${where} with key "${ref.key}" (the seed never goes into git)` };
  if (status === 401) return { message: `the bot's credentials were refused reading ${where} (401)`, fix: 'check the kubeconfig or the ServiceAccount token the bot runs with' };
  return { message: `could not read ${where}${status ? ` (HTTP ${status})` : ''}`, fix: 'check that the API server is reachable from the bot' };
}

export class KubeSeedSource implements SeedSource {
  private readonly api: CoreV1Api;

  constructor(kc: KubeConfig) {
    this.api = kc.makeApiClient(CoreV1Api);
  }

  async read(ref: SeedRef): Promise<string> {
    let data: Record<string, string> | undefined;
    try {
      data = (await this.api.readNamespacedSecret({ namespace: ref.namespace, name: ref.secret })).data;
    } catch (error) {
      // No `cause`: a chained API error could carry response details into logs.
      const status = apiStatus(error);
      const { message, fix } = seedAccessFix(ref, status);
      throw new SeedAccessError(message, fix, ref, status);
    }
    const value = data?.[ref.key];
    if (value === undefined) {
      const keys = Object.keys(data ?? {});
      throw new SeedAccessError(
        `Secret ${ref.namespace}/${ref.secret} has no key "${ref.key}" (keys present: ${keys.length ? keys.join(', ') : 'none'})`,
        `add the key "${ref.key}" to the Secret, or set the group's substrate-gitops.io/keys-secret-key annotation to the key that holds the seed`,
        ref,
      );
    }
    return Buffer.from(value, 'base64').toString('utf8');
  }
}
