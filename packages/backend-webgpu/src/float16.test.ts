import { describe, expect, it } from 'vitest';
import { float16Bits, float32FromFloat16 } from './float16.js';

/** A binary16 pattern's value from its fields, in float64. */
function halfValue(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : Number.NaN;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** The nearest half to a finite x by search over the sorted positive halves, ties to the even pattern. */
const positiveHalves = Array.from({ length: 0x7c01 }, (_, bits) => halfValue(bits));
function nearestHalfBits(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  // Beyond the largest half by half its last step (65,520) and above, infinity.
  if (a >= 65520) return sign | 0x7c00;
  let low = 0;
  let high = 0x7bff;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((positiveHalves[mid] ?? 0) <= a) low = mid;
    else high = mid - 1;
  }
  const below = positiveHalves[low] ?? 0;
  const above = positiveHalves[low + 1] ?? Infinity;
  const pick = a - below < above - a ? low : a - below > above - a ? low + 1 : low % 2 === 0 ? low : low + 1;
  return sign | pick;
}

describe('float16 conversions on the host', () => {
  it('widens every half exactly', () => {
    const all = Uint16Array.from({ length: 65536 }, (_, bits) => bits);
    const widened = float32FromFloat16(all);
    for (let bits = 0; bits < 65536; bits++) {
      const want = halfValue(bits);
      const got = widened[bits] ?? 0;
      if (Number.isNaN(want)) expect(Number.isNaN(got), `bits ${bits}`).toBe(true);
      else expect(Object.is(got, want === 0 && bits & 0x8000 ? -0 : want), `bits ${bits}`).toBe(true);
    }
  });

  it('round-trips every half', () => {
    const all = Uint16Array.from({ length: 65536 }, (_, bits) => bits);
    const back = float16Bits(float32FromFloat16(all));
    for (let bits = 0; bits < 65536; bits++) {
      const isNaN = (bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0;
      expect(back[bits], `bits ${bits}`).toBe(isNaN ? (bits & 0x8000) | 0x7e00 : bits);
    }
  });

  it('rounds float32 values to the nearest half, ties to even, overflow to infinity', () => {
    // Every float32 exponent and top mantissa bits, with the dropped bits at and around the tie.
    const lowBits = [0, 1, 0x0fff, 0x1000, 0x1001, 0x1fff];
    const bits = new Uint32Array(256 * 1024 * lowBits.length);
    let k = 0;
    for (let exponent = 0; exponent < 256; exponent++) {
      for (let top = 0; top < 1024; top++) {
        for (const low of lowBits) bits[k++] = (exponent << 23) | (top << 13) | low;
      }
    }
    const values = new Float32Array(bits.buffer);
    for (const sign of [1, -1]) {
      const signed = values.map((value) => sign * value);
      const halves = float16Bits(signed);
      for (let index = 0; index < signed.length; index++) {
        const x = signed[index] ?? 0;
        const want = nearestHalfBits(x);
        if (halves[index] !== want) expect(`${x}: ${halves[index]?.toString(16)}`).toBe(`${x}: ${want.toString(16)}`);
      }
    }
  });

  it('keeps NaN, infinities and the largest finite values at the edge', () => {
    const halves = float16Bits(Float32Array.of(Number.NaN, -Number.NaN, Infinity, -Infinity, 65504, 65519.996, 65520, -65520, 2 ** -25, 2 ** -25 * 1.0000001, -(2 ** -26), 1e-45));
    expect([...halves.subarray(0, 2)].map((bits) => bits & 0x7fff)).toEqual([0x7e00, 0x7e00]);
    expect([...halves.subarray(2)]).toEqual([0x7c00, 0xfc00, 0x7bff, 0x7bff, 0x7c00, 0xfc00, 0, 1, 0x8000, 0]);
  });
});
