/** Reductions over float32 views, accumulated in float64 and rounded once. */

export function sumRowsInto(out: Float32Array, a: Float32Array, rows: number, cols: number): void {
  const sums = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) sums[j] = (sums[j] ?? 0) + (a[row + j] ?? 0);
  }
  out.set(sums);
}

export function sumOf(a: Float32Array): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += a[i] ?? 0;
  return total;
}

export function sumOfSquares(a: Float32Array): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) {
    const value = a[i] ?? 0;
    total += value * value;
  }
  return total;
}

/** Index of the largest value per row: the first on ties, the first NaN when there is one. */
export function argmaxRowsInto(out: Float32Array, a: Float32Array, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    let best = 0;
    let bestValue = a[row] ?? Number.NaN;
    for (let j = 1; j < cols && bestValue === bestValue; j++) {
      const value = a[row + j] ?? Number.NaN;
      if (value > bestValue || value !== value) {
        best = j;
        bestValue = value;
      }
    }
    out[i] = best;
  }
}
