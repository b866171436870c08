import { describe, expect, it } from 'vitest';
import { desiredCandidatesFor } from './candidacy.js';

describe('room for new collator candidates', () => {
  it('raises desiredCandidates to the current count plus the ones joining', () => {
    expect(desiredCandidatesFor({ desired: 0, candidates: 0 }, 1)).toBe(1);
    expect(desiredCandidatesFor({ desired: 3, candidates: 3 }, 2)).toBe(5);
  });

  it('leaves it alone when there is room already, or nobody joins', () => {
    expect(desiredCandidatesFor({ desired: 5, candidates: 3 }, 2)).toBeUndefined();
    expect(desiredCandidatesFor({ desired: 0, candidates: 0 }, 0)).toBeUndefined();
  });

  it('never lowers it', () => {
    expect(desiredCandidatesFor({ desired: 10, candidates: 1 }, 1)).toBeUndefined();
  });
});
