/**
 * Plain TypeScript GEMM for the interpreter engine (no generated code): `op(A) · op(B) (+ bias)`
 * accumulated in float64 per output row and rounded once.
 */
export function matmulInto(out: Float32Array, a: Float32Array, b: Float32Array, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean, bias?: Float32Array): void {
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    if (bias === undefined) row.fill(0);
    else row.set(bias);
    for (let p = 0; p < k; p++) {
      const left = a[transposeA ? p * m + i : i * k + p] ?? 0;
      if (transposeB) {
        for (let j = 0; j < n; j++) row[j] = (row[j] ?? 0) + left * (b[j * k + p] ?? 0);
      } else {
        const offset = p * n;
        for (let j = 0; j < n; j++) row[j] = (row[j] ?? 0) + left * (b[offset + j] ?? 0);
      }
    }
    out.set(row, i * n);
  }
}
