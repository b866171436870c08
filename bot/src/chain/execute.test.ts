import { describe, expect, it } from 'vitest';
import { ChainError } from './errors.js';
import { keysSourceFor } from './execute.js';

describe('where session keys come from', () => {
  it('derives from the seed by default and when asked', () => {
    expect(keysSourceFor({ registration: {} }, false)).toBe('derive');
    expect(keysSourceFor({ registration: { sessionKeys: 'derive' } }, true)).toBe('derive');
  });

  it('asks the node to rotate only when the network says so and the node can be reached', () => {
    expect(keysSourceFor({ registration: { sessionKeys: 'rotate-rpc' } }, true)).toBe('rotate-rpc');
    expect(() => keysSourceFor({ registration: { sessionKeys: 'rotate-rpc' } }, false)).toThrow(ChainError);
    expect(() => keysSourceFor({ registration: { sessionKeys: 'rotate-rpc' } }, false)).toThrow(/author_rotateKeys/);
  });
});
