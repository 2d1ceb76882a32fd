import { isRectifyError } from '@rectify/activation-core';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('reads a header, features and the last column as the label', () => {
    const dataset = parseCsv('x,y,label\n0.5,1,0\n-2,3e-1,2\n', { name: 'points' });
    expect(dataset.rows).toBe(2);
    expect(dataset.features).toBe(2);
    expect(dataset.classes).toBe(3);
    expect([...dataset.inputs]).toEqual([0.5, 1, -2, Math.fround(0.3)]);
    expect([...dataset.labels]).toEqual([0, 2]);
  });

  it('takes the label column by name and reads files without a header', () => {
    expect([...parseCsv('label,x\n1,5\n0,6', { labelColumn: 'label' }).inputs]).toEqual([5, 6]);
    expect(parseCsv('1,2,0\n3,4,1').rows).toBe(2);
  });

  it('names the line and column of a bad cell', () => {
    expect(() => parseCsv('x,y,label\n1,2,0\n1,abc,1\n')).toThrow(/line 3 \(row 1\), column "y": "abc" is not a number/);
    expect(() => parseCsv('x,y,label\n1,,0\n')).toThrow(/line 2 \(row 0\), column "y"/);
  });

  it('names a row with the wrong number of columns', () => {
    let caught: unknown;
    try {
      parseCsv('x,y,label\n1,2,0\n1,2\n');
    } catch (error) {
      caught = error;
    }
    expect(isRectifyError(caught, 'SHAPE_MISMATCH')).toBe(true);
    expect(String(caught)).toMatch(/line 3 has 2 columns; the first row has 3/);
  });

  it('reports an infinite feature with its row and a label out of range', () => {
    expect(() => parseCsv('x,label\n1,0\nInfinity,1\n')).toThrow(/row 1, feature 0 is Infinity/);
    expect(() => parseCsv('x,label\n1,0\n2,3\n', { classes: 2 })).toThrow(/row 1 has label 3/);
  });

  it('rejects an unknown label column', () => {
    expect(() => parseCsv('x,y\n1,0\n', { labelColumn: 'class' })).toThrow(/no label column "class"/);
  });
});
