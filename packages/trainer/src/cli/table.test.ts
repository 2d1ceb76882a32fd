import { describe, expect, it } from 'vitest';
import { fixed, formatTable, percent, rounded } from './table.js';

describe('formatTable', () => {
  it('pads text left-aligned and numbers right-aligned', () => {
    const table = formatTable(['activation', 'accuracy'], [['relu', '91.5%'], ['leaky_relu', '9.0%']]);
    expect(table.split('\n')).toEqual(['activation  accuracy', '----------  --------', 'relu           91.5%', 'leaky_relu      9.0%']);
  });

  it('formats missing and non-finite values as a dash', () => {
    expect([percent(undefined), fixed(Number.NaN), rounded(Infinity)]).toEqual(['-', '-', '-']);
    expect([percent(0.1234), fixed(0.5, 2), rounded(12345.6)]).toEqual(['12.3%', '0.50', '12,346']);
  });
});
