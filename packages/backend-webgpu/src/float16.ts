/**
 * IEEE 754 binary16 on the host: float32 values rounded to the nearest half (ties to even, past
 * 65,504 to infinity, NaN kept as a quiet NaN of the same sign), and halves widened back, exactly.
 * The kernels of float16 tensors convert the same way (wgsl/f16-storage.ts).
 */

/** The binary16 bit pattern nearest to each float32 value, in an array of at least `length` (zeros past the values). */
export function float16Bits(values: Float32Array, length = values.length): Uint16Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const halves = new Uint16Array(Math.max(length, values.length));
  for (let k = 0; k < bits.length; k++) halves[k] = halfOf(bits[k] ?? 0, values[k] ?? 0);
  return halves;
}

/** The half nearest to `value`, whose float32 bit pattern is `bits`. */
function halfOf(bits: number, value: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const magnitude = bits & 0x7fffffff;
  if (magnitude > 0x7f800000) return sign | 0x7e00;
  // From 65,520 (half-way between 65,504 and 2^16) up, and infinity.
  if (magnitude >= 0x477ff000) return sign | 0x7c00;
  if (magnitude >= 0x38800000) {
    // Rebias the exponent (127 -> 15) and round the 13 dropped bits to nearest even; a carry moves into the exponent.
    return sign | ((magnitude - 0x38000000 + 0xfff + ((magnitude >>> 13) & 1)) >>> 13);
  }
  // Below 2^-14: a count of 2^-24, rounded to nearest even by the float64 rounding constant 2^52.
  return sign | (Math.abs(value) * 2 ** 24 + 2 ** 52 - 2 ** 52);
}

let widened: Float32Array | undefined;

/** Every binary16 value as float32, indexed by its bits. */
function widenedTable(): Float32Array {
  if (widened !== undefined) return widened;
  const table = new Uint32Array(65536);
  const view = new Float32Array(table.buffer);
  for (let half = 0; half < 65536; half++) {
    const sign = (half & 0x8000) << 16;
    const magnitude = half & 0x7fff;
    if (magnitude >= 0x7c00) table[half] = sign | 0x7f800000 | ((magnitude & 0x3ff) << 13);
    else if (magnitude >= 0x400) table[half] = sign | ((magnitude << 13) + 0x38000000);
    else view[half] = (sign === 0 ? 1 : -1) * magnitude * 2 ** -24;
  }
  widened = view;
  return view;
}

/** The float32 value of each binary16 bit pattern (every half is a float32 exactly). */
export function float32FromFloat16(halves: Uint16Array): Float32Array {
  const table = widenedTable();
  const values = new Float32Array(halves.length);
  for (let k = 0; k < halves.length; k++) values[k] = table[halves[k] ?? 0] ?? 0;
  return values;
}
