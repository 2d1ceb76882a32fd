/** Per-unit facts about a layer's outputs `[rows, units]` over a probe set. */
export interface UnitStatistics {
  /** Units whose output is never positive on any probe row. */
  readonly dead: Uint8Array;
  /** Share of outputs exactly equal to 0. */
  readonly sparsity: number;
}

export function unitStatistics(outputs: Float32Array, rows: number, units: number): UnitStatistics {
  const alive = new Uint8Array(units);
  let zeros = 0;
  for (let row = 0; row < rows; row++) {
    const offset = row * units;
    for (let unit = 0; unit < units; unit++) {
      const value = outputs[offset + unit] ?? Number.NaN;
      if (value > 0) alive[unit] = 1;
      else if (value === 0) zeros += 1;
    }
  }
  return { dead: alive.map((flag) => (flag === 1 ? 0 : 1)), sparsity: rows * units === 0 ? 0 : zeros / (rows * units) };
}

/** Dead units split by when they died: already at initialisation, or during training; and revived ones. */
export function deadSplit(deadNow: Uint8Array, deadAtInit: Uint8Array | undefined): { readonly dead: number; readonly deadAtInit: number; readonly died: number; readonly revived: number } {
  const units = deadNow.length;
  if (units === 0) return { dead: 0, deadAtInit: 0, died: 0, revived: 0 };
  let dead = 0;
  let stillDeadFromInit = 0;
  let died = 0;
  let revived = 0;
  for (let unit = 0; unit < units; unit++) {
    const now = deadNow[unit] === 1;
    const atInit = deadAtInit === undefined ? now : deadAtInit[unit] === 1;
    if (now) dead += 1;
    if (now && atInit) stillDeadFromInit += 1;
    if (now && !atInit) died += 1;
    if (!now && atInit) revived += 1;
  }
  return { dead: dead / units, deadAtInit: stillDeadFromInit / units, died: died / units, revived: revived / units };
}
