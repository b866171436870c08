import { describe, expect, it } from 'vitest';
import { ChainError } from './errors.js';
import { nodeRpcUrl, rotatedKeysFrom } from './rotateKeys.js';

describe('nodeRpcUrl', () => {
  it('fills in the pod and the network', () => {
    expect(nodeRpcUrl('ws://{pod}.{network}.svc:9944', { pod: 'validator-3', network: 'rococo-ten' })).toBe('ws://validator-3.rococo-ten.svc:9944');
  });
});

describe('rotatedKeysFrom', () => {
  it('takes hex keys from author_rotateKeys, with an empty proof', () => {
    expect(rotatedKeysFrom('0xabcd', false, 'ws://n')).toEqual({ keys: '0xabcd', proof: '0x' });
  });

  it('takes keys and proof from author_rotateKeysWithOwner', () => {
    expect(rotatedKeysFrom({ keys: '0x01', proof: '0x02' }, true, 'ws://n')).toEqual({ keys: '0x01', proof: '0x02' });
  });

  it('refuses answers of the wrong shape, naming the method and the node', () => {
    expect(() => rotatedKeysFrom('0xabcd', true, 'ws://n')).toThrow(/author_rotateKeysWithOwner at ws:\/\/n answered "0xabcd", not \{ keys, proof \}/);
    expect(() => rotatedKeysFrom({ keys: '0x01' }, false, 'ws://n')).toThrow(ChainError);
    expect(() => rotatedKeysFrom('nothex', false, 'ws://n')).toThrow(/not hex session keys/);
  });
});
