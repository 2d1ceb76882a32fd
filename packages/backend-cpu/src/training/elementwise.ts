/** Element-wise ops over float32 views (arena or heap); each result is one float32 rounding. */

export function addInto(out: Float32Array, a: Float32Array, b: Float32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = (a[i] ?? 0) + (b[i] ?? 0);
}

export function subInto(out: Float32Array, a: Float32Array, b: Float32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = (a[i] ?? 0) - (b[i] ?? 0);
}

export function mulInto(out: Float32Array, a: Float32Array, b: Float32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = (a[i] ?? 0) * (b[i] ?? 0);
}

/** `a * factor` with `factor` already rounded to float32: the product of two floats rounds once. */
export function scaleInto(out: Float32Array, a: Float32Array, factor: number): void {
  for (let i = 0; i < out.length; i++) out[i] = (a[i] ?? 0) * factor;
}

export function clipInto(out: Float32Array, a: Float32Array, min: number, max: number): void {
  for (let i = 0; i < out.length; i++) {
    const value = a[i] ?? 0;
    out[i] = value < min ? min : value > max ? max : value;
  }
}
