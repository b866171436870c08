import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../bot/src/tools/cache.js';
import { oneMoreReplica, withKeyTypes, withP2pService, withRpc } from './edits.js';

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');

describe('the merge replay edits a copy of rococo-ten', () => {
  it('points chain.rpc at the sandbox and keeps the comments', () => {
    const edited = withRpc(read('networks/rococo-ten/network.yaml'), 'ws://127.0.0.1:9944');
    expect(parse(edited).chain.rpc).toBe('ws://127.0.0.1:9944');
    expect(edited).toContain('# Chain-level facts the cluster does not know.');
    expect(() => withRpc('name: x\n', 'ws://a')).toThrow(/no chain.rpc/);
  });

  it('adds the missing key types to the pod template annotation, once', () => {
    const edited = withKeyTypes(read('apps/substrate-node/components/validator/validator.yaml'), ['imon:sr25519', 'gran:ed25519']);
    const lists = [...edited.matchAll(/key-types: (.*)/g)].map((m) => m[1]);
    expect(lists).toEqual(Array(1).fill('gran:ed25519,babe:sr25519,para:sr25519,asgn:sr25519,audi:sr25519,beef:ecdsa,imon:sr25519'));
    expect(withKeyTypes(edited, ['imon:sr25519'])).toBe(edited);
  });

  it('adds one validator and its p2p Service', () => {
    const { text, count } = oneMoreReplica(read('networks/rococo-ten/validator/kustomization.yaml'), 'validator');
    expect(count).toBe(11);
    expect(parse(text).replicas).toEqual([{ name: 'validator', count: 11 }]);
    expect(() => oneMoreReplica(text, 'collator')).toThrow(/no replicas for collator/);
    const services = withP2pService(read('networks/rococo-ten/p2p-services.yaml'), 'validator-0', 'validator-10');
    const added = parseAllDocuments(services).map((d) => d.toJS()).filter(Boolean).at(-1);
    expect(added.metadata.name).toBe('validator-10-p2p');
    expect(added.spec.selector).toEqual({ 'statefulset.kubernetes.io/pod-name': 'validator-10' });
  });
});
