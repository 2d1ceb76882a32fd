import { describe, expect, it } from 'vitest';
import { sigmoidCubicArguments } from './helpers.js';

const lowBits = (value: number): number => (new Uint32Array(new Float32Array([value]).buffer)[0] ?? 0) & 0xfff;

describe('sigmoidCubicArguments', () => {
  const b1 = 2 * Math.sqrt(2 / Math.PI);
  const b3 = b1 * 0.044715;

  it("splits GELU's tanh-form coefficients into 12-bit heads and float32 tails, and clamps x where |v| = 120", () => {
    const [b1h = 0, b1l = 0, b3h = 0, b3l = 0, b3f = 0, xmax = 0] = sigmoidCubicArguments(b1, b3) ?? [];
    expect([lowBits(b1h), lowBits(b3h)]).toEqual([0, 0]);
    expect(Math.abs(b1h + b1l - b1)).toBeLessThan(b1 * 2 ** -35);
    expect(Math.abs(b3h + b3l - b3)).toBeLessThan(b3 * 2 ** -35);
    expect(b3f).toBe(Math.fround(b3));
    expect(b1 * xmax + b3 * xmax ** 3).toBeGreaterThanOrEqual(120);
    expect(b1 * xmax + b3 * xmax ** 3).toBeLessThan(120.001);
  });

  it('is undefined where b1 + b3 x^2 would outgrow b1 by 2^11 before the clamp, or for a non-positive b1', () => {
    expect(sigmoidCubicArguments(2 ** -10, 1)).toBeUndefined();
    expect(sigmoidCubicArguments(-b1, -b3)).toBeUndefined();
    expect(sigmoidCubicArguments(b1, Number.NaN)).toBeUndefined();
    expect(sigmoidCubicArguments(1, 0)).toHaveLength(6);
  });
});
