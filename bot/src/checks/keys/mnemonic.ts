// BIP39 mnemonics: runs of 12/15/18/21/24 English-list words whose checksum is valid.
// The checksum is what keeps ordinary prose made of list words from being reported.

import { hash as digest } from 'node:crypto';
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
  const indices = words.map((w) => WORD_INDEX.get(w));
  if (indices.some((i) => i === undefined)) return false;
  return checksumOk(indices as number[], 0, words.length);
}

/** The checksum test on word indices `[start, start + length)`, without allocating word lists. */
function checksumOk(indices: readonly number[], start: number, length: number): boolean {
  if (!(LENGTHS as readonly number[]).includes(length)) return false;
  // 11 bits per word: the entropy (32 bits per 3 words) followed by the checksum (1 bit per 3 words).
  const checksumBits = length / 3;
  const entropy = Buffer.alloc(checksumBits * 4);
  let acc = 0;
  let held = 0;
  let at = 0;
  for (let w = start; w < start + length; w++) {
    const index = indices[w]!;
    acc = ((acc << 11) | index) & 0xffffff; // at most 7 + 11 bits are ever held
    held += 11;
    while (held >= 8 && at < entropy.length) {
      held -= 8;
      entropy[at++] = (acc >> held) & 0xff;
    }
  }
  const checksum = acc & ((1 << checksumBits) - 1);
  const hash = digest('sha256', entropy, 'buffer');
  const expected = (hash[0]! << 8 | hash[1]!) >> (16 - checksumBits);
  return held === checksumBits && checksum === expected;
}

interface Word {
  text: string;
  offset: number;
  index: number;
}

/** Every checksum-valid mnemonic in the text, longest first at each start. */
export function findMnemonics(text: string): KeyHit[] {
  const hits: KeyHit[] = [];
  for (const run of text.matchAll(RUN)) {
    // Split the run where a word is not on the list; only stretches of 12+ can hold a phrase.
    let stretch: Word[] = [];
    for (const w of [...run[0].matchAll(WORD), undefined]) {
      const index = w && WORD_INDEX.get(w[0]);
      if (w && index !== undefined) {
        stretch.push({ text: w[0], offset: run.index + w.index, index });
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
  const indices = stretch.map((w) => w.index);
  let start = 0;
  while (start + 12 <= stretch.length) {
    const length = LENGTHS.find((n) => start + n <= stretch.length && checksumOk(indices, start, n));
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
