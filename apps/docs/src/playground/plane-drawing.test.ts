import { describe, expect, it } from 'vitest';
import { activityColor, classColors, gridPixels, largestMagnitude, probabilityColor } from './plane-drawing.js';

describe('the plane colours', () => {
  it('go from class 0 through white to class 1 with the probability', () => {
    expect(probabilityColor(0.5)).toEqual([255, 255, 255]);
    const [orange, blue] = classColors;
    const zero = probabilityColor(0);
    const one = probabilityColor(1);
    // Paled towards white but on the class's side.
    expect(zero[0]).toBeGreaterThan(zero[2]);
    expect(one[2]).toBeGreaterThan(one[0]);
    expect(zero[2]).toBeLessThan(255);
    expect(orange[0]).toBeGreaterThan(orange[2]);
    expect(blue[2]).toBeGreaterThan(blue[0]);
    expect(probabilityColor(Number.NaN)).toEqual([255, 255, 255]);
  });

  it('scale a unit’s output by its largest magnitude, and show a silent unit as white', () => {
    expect(activityColor(2, 2)).toEqual([...classColors[1]]);
    expect(activityColor(-2, 2)).toEqual([...classColors[0]]);
    expect(activityColor(0, 2)).toEqual([255, 255, 255]);
    expect(activityColor(0, 0)).toEqual([255, 255, 255]);
    expect(largestMagnitude(Float32Array.from([0.5, -3, 2]))).toBe(3);
    expect(largestMagnitude(new Float32Array(4))).toBe(0);
  });

  it('fill opaque RGBA pixels row by row', () => {
    const pixels = gridPixels(Float32Array.from([0, 0.5, 1, 0.5]), 2, probabilityColor);
    expect(pixels).toHaveLength(16);
    expect(Array.from(pixels.subarray(4, 8))).toEqual([255, 255, 255, 255]);
    expect(pixels[3]).toBe(255);
    expect(Array.from(pixels.subarray(0, 3))).toEqual([...probabilityColor(0)]);
  });
});
