import { describe, expect, it } from 'vitest';
import { LineTail } from './lineTail.js';

describe('LineTail', () => {
  it('joins lines split across chunks and keeps only the last ones', () => {
    const tail = new LineTail(2);
    tail.push('one\ntw');
    tail.push('o\n\nthree\nfou');
    expect(tail.text()).toBe('three\nfou');
    tail.push('r\n');
    expect(tail.text()).toBe('three\nfour');
  });
});
