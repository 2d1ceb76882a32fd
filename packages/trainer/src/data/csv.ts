import { RectifyError } from '@rectify/activation-core';
import type { Dataset } from './dataset.js';
import { validateDataset } from './dataset.js';

export interface CsvOptions {
  readonly name?: string;
  /** Column holding the class index: its header name or 0-based position; the last column by default. */
  readonly labelColumn?: string | number;
  /** Whether the first line names the columns; detected (any non-numeric cell) when absent. */
  readonly header?: boolean;
  /** Number of classes; one more than the largest label by default. */
  readonly classes?: number;
  readonly delimiter?: string;
}

const isNumeric = (cell: string): boolean => cell.trim() !== '' && Number.isFinite(Number(cell));

/**
 * Parses numeric CSV (no quoting) into a data set. Every error names the line (1-based, as an editor
 * shows it) and the column, and is thrown before any data set is returned.
 */
export function parseCsv(text: string, options: CsvOptions = {}): Dataset {
  const delimiter = options.delimiter ?? ',';
  const name = options.name ?? 'csv';
  const lines = text.split(/\r?\n/).map((line, index) => ({ line, number: index + 1 })).filter(({ line }) => line.trim() !== '');
  const first = lines[0];
  if (first === undefined) throw new RectifyError('SHAPE_MISMATCH', `CSV "${name}" has no rows.`);
  const firstCells = first.line.split(delimiter);
  const header = options.header ?? !firstCells.every(isNumeric);
  const columnNames = header ? firstCells.map((cell) => cell.trim()) : firstCells.map((_, index) => `column ${index}`);
  const columns = firstCells.length;
  if (columns < 2) throw new RectifyError('SHAPE_MISMATCH', `CSV "${name}" needs at least one feature column and a label column.`, { columns });

  const requested = options.labelColumn ?? columns - 1;
  const labelIndex = typeof requested === 'number' ? requested : columnNames.indexOf(requested);
  if (!Number.isInteger(labelIndex) || labelIndex < 0 || labelIndex >= columns) {
    throw new RectifyError('INVALID_OPTION', `CSV "${name}" has no label column ${JSON.stringify(requested)}; its columns are ${columnNames.join(', ')}.`, {
      labelColumn: requested,
    });
  }
  const body = header ? lines.slice(1) : lines;
  if (body.length === 0) throw new RectifyError('SHAPE_MISMATCH', `CSV "${name}" has a header but no data rows.`);
  const features = columns - 1;
  const inputs = new Float32Array(body.length * features);
  const labels = new Float32Array(body.length);
  let largestLabel = 0;
  body.forEach(({ line, number }, row) => {
    const cells = line.split(delimiter);
    if (cells.length !== columns) {
      throw new RectifyError('SHAPE_MISMATCH', `CSV "${name}" line ${number} has ${cells.length} columns; the first row has ${columns}.`, {
        line: number,
        row,
        expected: columns,
        actual: cells.length,
      });
    }
    let feature = 0;
    cells.forEach((cell, column) => {
      const trimmed = cell.trim();
      const value = trimmed === '' ? Number.NaN : Number(trimmed);
      if (Number.isNaN(value) || (!Number.isFinite(value) && column === labelIndex)) {
        throw new RectifyError('NON_FINITE_VALUE', `CSV "${name}" line ${number} (row ${row}), column "${columnNames[column] ?? column}": ${JSON.stringify(cell)} is not a number.`, {
          line: number,
          row,
          column,
          cell,
        });
      }
      if (column === labelIndex) {
        labels[row] = value;
        if (Number.isInteger(value) && value > largestLabel) largestLabel = value;
      } else {
        inputs[row * features + feature] = value;
        feature += 1;
      }
    });
  });
  return validateDataset({ name, rows: body.length, features, classes: options.classes ?? Math.max(2, largestLabel + 1), inputs, labels });
}
