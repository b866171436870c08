// BIP39 mnemonics: runs of 12/15/18/21/24 English-list words whose checksum is valid.
// The checksum is what keeps ordinary prose made of list words from being reported.

import { createHash } from 'node:crypto';
import { english } from '@polkadot/util-crypto/mnemonic/wordlists';
import type { KeyHit } from './types.js';

const WORD_INDEX: ReadonlyMap<string, number> = new Map(english.map((word, index) => [word, index]));
const LENGTHS = [24, 21, 18, 15, 12] as const;

// Candidate runs: 12+ lowercase words of 3-8 letters separated by blanks, not glued to
// other letters. Each word is bounded by a non-letter, so matching stays linear.
const RUN = /(?<![A-Za-z])[a-z]{3,8}(?:[ \t]+[a-z]{3,8}){11,}(?![A-Za-z])/g;
const WORD = /[a-z]+/g;

/** True when the words (all on the English list) carry a valid BIP39 checksum. */
export function hasValidChecksum(words: readonly string[]): boolean {
  if (!(LENGTHS as readonly number[]).includes(words.length)) return false;
  let bits = '';
  for (const word of words) {
    const index = WORD_INDEX.get(word);
    if (index === undefined) return false;
    bits += index.toString(2).padStart(11, '0');
  }
  const entropyBits = (words.length / 3) * 32;
  const entropy = Buffer.alloc(entropyBits / 8);
  for (let i = 0; i < entropy.length; i++) entropy[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
  const hash = createHash('sha256').update(entropy).digest();
  let hashBits = '';
  for (const byte of hash.subarray(0, 1)) hashBits += byte.toString(2).padStart(8, '0');
  return bits.slice(entropyBits) === hashBits.slice(0, words.length / 3);
}

interface Word {
  text: string;
  offset: number;
}

/** Every checksum-valid mnemonic in the text, longest first at each start. */
export function findMnemonics(text: string): KeyHit[] {
  const hits: KeyHit[] = [];
  for (const run of text.matchAll(RUN)) {
    const words: Word[] = [];
    for (const w of run[0].matchAll(WORD)) words.push({ text: w[0], offset: run.index + w.index });
    // Split the run where a word is not on the list; only stretches of 12+ can hold a phrase.
    let stretch: Word[] = [];
    for (const word of [...words, undefined]) {
      if (word && WORD_INDEX.has(word.text)) {
        stretch.push(word);
        continue;
      }
      if (stretch.length >= 12) hits.push(...phrasesIn(stretch));
      stretch = [];
    }
  }
  return hits;
}

function phrasesIn(stretch: readonly Word[]): KeyHit[] {
  const hits: KeyHit[] = [];
  let start = 0;
  while (start + 12 <= stretch.length) {
    const length = LENGTHS.find((n) => start + n <= stretch.length && hasValidChecksum(stretch.slice(start, start + n).map((w) => w.text)));
    if (length === undefined) {
      start++;
      continue;
    }
    const words = stretch.slice(start, start + length).map((w) => w.text);
    hits.push({
      kind: 'bip39-mnemonic',
      offset: stretch[start]!.offset,
      secret: words.join(' '),
      description: `BIP39 mnemonic (${length} words, valid checksum)`,
    });
    start += length;
  }
  return hits;
}
