import { describe, expect, it } from 'vitest';
import { accuracyByActivation, accuracyFor, largestBound } from './accuracy-table.js';
import { findSection, markdownTables } from './readme-sections.js';

const readme = `# pkg

## Accuracy

Some prose.

| | Dawn | SwiftShader | bound used in tests |
| --- | --- | --- | --- |
| piecewise-linear (relu, leaky_relu) | 0 | 0 | 0 |
| elu, celu / selu | 1 / 2 | 1 / 3 | 4 |
| silu, mish | 3, 5 | 2, 6 | 4 (silu: 64 for beta ≠ 1) |

## Tests

| not | this |
| --- | --- |
| a | b |
`;

const cpuStyle = `| activation | wasm-simd | interpreter | notes |
| --- | --- | --- | --- |
| gelu (exact) | 4 | 145 | subnormal erfc |
| gelu (tanh approximation) | 178 | 178 | |
| silu, mish | 3, and 47 below 2^-120 | 46 | |
`;

describe('README accuracy tables', () => {
  const section = findSection(readme, 'accuracy');
  const table = markdownTables(section?.body ?? '')[0];
  const entries = table === undefined ? new Map() : accuracyByActivation(table);

  it('takes the first table of the named section only', () => {
    expect(table?.header).toEqual(['', 'Dawn', 'SwiftShader', 'bound used in tests']);
    expect(table?.rows).toHaveLength(3);
  });

  it('expands a parenthesised list of names', () => {
    expect(accuracyFor(entries, 'leaky_relu')).toEqual([
      { label: 'leaky_relu', measured: [{ column: 'Dawn', ulps: '0' }, { column: 'SwiftShader', ulps: '0' }], bound: 0, boundText: '0', notes: undefined },
    ]);
  });

  it('matches " / " groups of names to " / " groups of values', () => {
    expect(accuracyFor(entries, 'celu')[0]?.measured.map((cell) => cell.ulps)).toEqual(['1', '1']);
    expect(accuracyFor(entries, 'selu')[0]?.measured.map((cell) => cell.ulps)).toEqual(['2', '3']);
  });

  it('matches comma-separated values one to one and reads per-name bound overrides', () => {
    expect(accuracyFor(entries, 'smooth/mish')[0]?.measured.map((cell) => cell.ulps)).toEqual(['5', '6']);
    expect(accuracyFor(entries, 'smooth/silu')[0]?.bound).toBe(64);
    expect(accuracyFor(entries, 'smooth/mish')[0]?.bound).toBe(4);
  });

  it('keeps every row that qualifies a name, with notes and no bound when the table has no bound column', () => {
    const table = markdownTables(cpuStyle)[0];
    const gelu = table === undefined ? [] : accuracyFor(accuracyByActivation(table), 'smooth/gelu');
    expect(gelu.map((entry) => entry.label)).toEqual(['gelu (exact)', 'gelu (tanh approximation)']);
    expect(gelu[0]?.measured).toEqual([{ column: 'wasm-simd', ulps: '4' }, { column: 'interpreter', ulps: '145' }]);
    expect(gelu[0]?.notes).toBe('subnormal erfc');
    expect(gelu[1]?.notes).toBeUndefined();
    expect(largestBound(gelu)).toBeUndefined();
  });

  it('applies a value with a comma-separated comment to every name of its row', () => {
    const table = markdownTables(cpuStyle)[0];
    const mish = table === undefined ? [] : accuracyFor(accuracyByActivation(table), 'smooth/mish');
    expect(mish[0]?.measured).toEqual([{ column: 'wasm-simd', ulps: '3, and 47 below 2^-120' }, { column: 'interpreter', ulps: '46' }]);
  });

  it('has nothing for an activation the table does not name', () => {
    expect(accuracyFor(entries, 'acme/bent_relu')).toEqual([]);
  });
});
