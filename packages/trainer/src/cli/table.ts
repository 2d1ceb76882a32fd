/** A plain-text table with columns padded to their widest cell; numbers right-aligned. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const numeric = headers.map((_, column) => rows.length > 0 && rows.every((row) => /^[-+]?[\d.,]+(?:e[-+]?\d+)?%?$|^-$/.test(row[column] ?? '')));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (numeric[column] === true ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join('  ').trimEnd();
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

export const percent = (value: number | undefined, digits = 1): string => (value === undefined || !Number.isFinite(value) ? '-' : `${(100 * value).toFixed(digits)}%`);
export const fixed = (value: number | undefined, digits = 4): string => (value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits));
export const rounded = (value: number | undefined): string => (value === undefined || !Number.isFinite(value) ? '-' : Math.round(value).toLocaleString('en-US'));
