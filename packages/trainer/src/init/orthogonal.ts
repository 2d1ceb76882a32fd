import type { SeededRandom } from '../random/seeded-random.js';

/**
 * A `[rows, cols]` matrix with orthonormal columns (rows >= cols) or rows (rows < cols), times
 * `gain`: Gram-Schmidt on a Gaussian matrix, which is the QR factor with a positive diagonal in R
 * and so uniformly distributed over orthogonal matrices (Mezzadri 2007), as PyTorch's `orthogonal_`.
 */
export function orthogonalMatrix(rows: number, cols: number, gain: number, random: SeededRandom): Float32Array {
  const tall = rows >= cols;
  const length = tall ? rows : cols;
  const vectors = tall ? cols : rows;
  const basis: Float64Array[] = [];
  for (let vector = 0; vector < vectors; vector++) {
    const candidate = Float64Array.from({ length }, () => random.normal());
    // Modified Gram-Schmidt, twice for float64 orthogonality on large matrices.
    for (let pass = 0; pass < 2; pass++) {
      for (const previous of basis) {
        let dot = 0;
        for (let index = 0; index < length; index++) dot += (previous[index] ?? 0) * (candidate[index] ?? 0);
        for (let index = 0; index < length; index++) candidate[index] = (candidate[index] ?? 0) - dot * (previous[index] ?? 0);
      }
    }
    let squares = 0;
    for (const value of candidate) squares += value * value;
    const norm = Math.sqrt(squares);
    for (let index = 0; index < length; index++) candidate[index] = (candidate[index] ?? 0) / norm;
    basis.push(candidate);
  }
  const out = new Float32Array(rows * cols);
  basis.forEach((vector, which) => {
    vector.forEach((value, index) => {
      const row = tall ? index : which;
      const col = tall ? which : index;
      out[row * cols + col] = gain * value;
    });
  });
  return out;
}
