import { describe, expect, it } from 'vitest';
import { parseNetworkFile } from './networkFile.js';

const valid = `apiVersion: substrate-gitops.io/v1alpha1
kind: Network
name: rockmine
chain:
  name: rockmine
  kind: parachain
  rpc: ws://rpc.rockmine.svc:9944
  paraId: 1000
  relay: rococo-ten
operator:
  seedSecret: {name: rockmine-sudo}
  root: relay-xcm
registration:
  collators: invulnerable
`;

describe('parseNetworkFile', () => {
  it('accepts a valid parachain declaration', () => {
    const { spec, findings } = parseNetworkFile('networks/rockmine/network.yaml', valid, 'rockmine');
    expect(findings).toEqual([]);
    expect(spec?.chain.paraId).toBe(1000);
  });

  it('points at the line of an unknown field and names the schema', () => {
    const { spec, findings } = parseNetworkFile('networks/rockmine/network.yaml', valid.replace('  root: relay-xcm', '  root: relay-xcm\n  sudoo: true'), 'rockmine');
    expect(spec).toBeUndefined();
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ check: 'input', file: 'networks/rockmine/network.yaml', line: 13, rule: 'network/schema' });
    expect(findings[0]!.message).toContain('sudoo');
  });

  it('requires paraId and relay for a parachain', () => {
    const { findings } = parseNetworkFile('n.yaml', valid.replace('  paraId: 1000\n', ''), 'rockmine');
    expect(findings.map((f) => f.message).join('\n')).toContain('paraId');
  });

  it('requires each node\'s RPC for rotate-rpc session keys, with a {pod} placeholder', () => {
    const rotate = valid.replace('  collators: invulnerable\n', '  collators: invulnerable\n  sessionKeys: rotate-rpc\n');
    expect(parseNetworkFile('n.yaml', rotate, 'rockmine').findings.map((f) => f.message).join('\n')).toContain('nodeRpc');
    const fixed = parseNetworkFile('n.yaml', `${rotate}  nodeRpc: ws://{pod}.rockmine.svc:9944\n`, 'rockmine');
    expect(fixed.findings).toEqual([]);
    expect(fixed.spec?.registration.nodeRpc).toBe('ws://{pod}.rockmine.svc:9944');
    expect(parseNetworkFile('n.yaml', `${rotate}  nodeRpc: ws://collator.rockmine.svc:9944\n`, 'rockmine').findings).toHaveLength(1);
  });

  it('rejects a name that differs from the folder', () => {
    const { findings } = parseNetworkFile('n.yaml', valid, 'other');
    expect(findings).toEqual([expect.objectContaining({ rule: 'network/name', line: 3 })]);
  });

  it.each([
    ['duplicate keys', valid + 'name: again\n'],
    ['broken YAML', valid + 'chain: [\n'],
    ['two documents', valid + '---\n' + valid],
  ])('reports %s as a finding, not a crash', (_what, text) => {
    const { spec, findings } = parseNetworkFile('n.yaml', text, 'rockmine');
    expect(spec).toBeUndefined();
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]!.file).toBe('n.yaml');
  });

  it('reports min above max in bounds', () => {
    const { findings } = parseNetworkFile('n.yaml', valid + 'bounds:\n  collators: {min: 5, max: 2}\n', 'rockmine');
    expect(findings).toEqual([expect.objectContaining({ rule: 'network/bounds', line: 16 })]);
  });
});
