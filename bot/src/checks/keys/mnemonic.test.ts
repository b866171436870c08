import { mnemonicGenerate, mnemonicValidate } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { findMnemonics, hasValidChecksum } from './mnemonic.js';

describe('findMnemonics', () => {
  it.each([12, 15, 18, 21, 24] as const)('finds a fresh %i-word phrase with its length and offset', (length) => {
    const phrase = mnemonicGenerate(length);
    const text = `# operator account\nexport SURI="${phrase}//stash"\n`;
    const hits = findMnemonics(text);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.offset).toBe(text.indexOf(phrase));
    expect(hits[0]!.secret).toBe(phrase);
    expect(hits[0]!.description).toBe(`BIP39 mnemonic (${length} words, valid checksum)`);
  });

  it('agrees with @polkadot/util-crypto on the checksum of generated and altered phrases', () => {
    for (let i = 0; i < 200; i++) {
      const words = mnemonicGenerate(12).split(' ');
      expect(hasValidChecksum(words)).toBe(true);
      // Swapping two different words changes the entropy; the checksum then usually fails.
      const altered = [...words];
      [altered[0], altered[11]] = [altered[11]!, altered[0]!];
      expect(hasValidChecksum(altered)).toBe(mnemonicValidate(altered.join(' ')));
    }
  });

  it('ignores 12 list words whose checksum is invalid', () => {
    const words = 'abandon ability able about above absent absorb abstract absurd abuse access accident';
    expect(mnemonicValidate(words)).toBe(false);
    expect(findMnemonics(`note: ${words}\n`)).toEqual([]);
  });

  it('ignores prose, short runs and words glued to other letters', () => {
    expect(findMnemonics('The quick brown fox jumps over the lazy dog while the validator set rotates.')).toEqual([]);
    const phrase = mnemonicGenerate(12);
    expect(findMnemonics(phrase.replace(/ /g, '_'))).toEqual([]);
    expect(findMnemonics(phrase.split(' ').slice(0, 11).join(' '))).toEqual([]);
  });

  it('finds a phrase inside a longer run of list words', () => {
    const phrase = mnemonicGenerate(12);
    const hits = findMnemonics(`phrase was ${phrase} okay`);
    expect(hits.map((h) => h.secret)).toContain(phrase);
  });

  it('scans a 1 MB single line of list words without blowing up', () => {
    const line = 'abandon '.repeat(131_072); // checksum of all-zero entropy fails for 12 "abandon"
    const hits = findMnemonics(line);
    // "abandon ×11 about" is the valid zero phrase; eleven abandons followed by abandon are not.
    expect(hits).toEqual([]);
    const glued = 'a'.repeat(1_000_000);
    expect(findMnemonics(glued)).toEqual([]);
  });
});
