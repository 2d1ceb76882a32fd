import type { MarkdownTable } from './readme-sections.js';

/** One row of a backend README's accuracy table as it applies to one activation. */
export interface AccuracyEntry {
  /** The row's wording for the activation, e.g. "gelu (exact)". */
  readonly label: string;
  /** Measured forward error in float32 ulps, one per platform or engine column. */
  readonly measured: readonly { readonly column: string; readonly ulps: string }[];
  /** The bound the package's tests hold the activation to, when the table has a bound column. */
  readonly bound: number | undefined;
  readonly boundText: string | undefined;
  readonly notes: string | undefined;
}

const nameOf = (id: string): string => id.slice(id.lastIndexOf('/') + 1);

interface ListedName {
  readonly name: string;
  readonly label: string;
  readonly group: number;
  readonly position: number;
  readonly groupSize: number;
}

/**
 * "piecewise-linear (relu, leaky_relu)" lists the names in its parentheses; "elu, celu / selu"
 * lists groups that match " / "-separated values; "gelu (exact)" qualifies one name.
 */
function listedNames(cell: string): ListedName[] {
  const list = /\(([^)]*,[^)]*)\)/.exec(cell)?.[1] ?? cell;
  return list.split(' / ').flatMap((group, groupIndex) => {
    const items = group.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
    return items.map((label, position) => ({
      name: /^[A-Za-z0-9_]+/.exec(label)?.[0] ?? label,
      label,
      group: groupIndex,
      position,
      groupSize: items.length,
    }));
  });
}

/** The value for a listed name: one value per name of its group, or one value for the whole group. */
function valueFor(cell: string, listed: ListedName): string {
  const groups = cell.split(' / ');
  const group = groups.length === 1 ? groups[0] : groups[listed.group];
  const values = (group ?? '').split(',').map((value) => value.trim());
  // "3, and 47 below 2^-120" is one value with a comment, not two values.
  if (values.length === listed.groupSize && values.every((value) => /^\d/.test(value))) return values[listed.position] ?? cell;
  return group ?? cell;
}

/** "4 (silu, softplus: 64 for beta ≠ 1)": 4 for the row, 64 for silu and softplus. */
function boundFor(cell: string, name: string): number | undefined {
  const override = /\(([^):]*):\s*(\d+(?:\.\d+)?)/.exec(cell);
  if (override?.[1] !== undefined && override[2] !== undefined) {
    const names = override[1].split(',').map((entry) => entry.trim());
    if (names.includes(name)) return Number(override[2]);
  }
  const base = /^\s*(\d+(?:\.\d+)?)/.exec(cell)?.[1];
  return base === undefined ? undefined : Number(base);
}

/**
 * Reads a README accuracy table: the first column names activations (without their plugin
 * namespace), a column headed "bound..." holds the bound used in tests, one headed "note..." holds
 * notes, and every other column holds measured ulps per platform or engine. Returns every row that
 * mentions each activation name.
 */
export function accuracyByActivation(table: MarkdownTable): Map<string, AccuracyEntry[]> {
  const entries = new Map<string, AccuracyEntry[]>();
  const boundColumn = table.header.findIndex((cell, index) => index > 0 && /bound/i.test(cell));
  const notesColumn = table.header.findIndex((cell, index) => index > 0 && /note/i.test(cell));
  const measuredColumns = table.header.map((_, index) => index).filter((index) => index > 0 && index !== boundColumn && index !== notesColumn);
  for (const row of table.rows) {
    const boundText = boundColumn < 0 ? undefined : row[boundColumn];
    const notes = notesColumn < 0 ? undefined : row[notesColumn];
    for (const listed of listedNames(row[0] ?? '')) {
      const entry: AccuracyEntry = {
        label: listed.label,
        measured: measuredColumns.map((column) => ({ column: table.header[column] ?? '', ulps: valueFor(row[column] ?? '', listed) })),
        bound: boundText === undefined ? undefined : boundFor(boundText, listed.name),
        boundText,
        notes: notes === undefined || notes.length === 0 ? undefined : notes,
      };
      entries.set(listed.name, [...(entries.get(listed.name) ?? []), entry]);
    }
  }
  return entries;
}

export const accuracyFor = (entries: ReadonlyMap<string, readonly AccuracyEntry[]>, id: string): readonly AccuracyEntry[] => entries.get(nameOf(id)) ?? [];

/** The largest bound of an activation's rows; undefined when the table states none. */
export function largestBound(entries: readonly AccuracyEntry[]): number | undefined {
  const bounds = entries.flatMap((entry) => (entry.bound === undefined ? [] : [entry.bound]));
  return bounds.length === 0 ? undefined : Math.max(...bounds);
}
