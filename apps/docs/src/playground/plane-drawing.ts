import type { Dataset } from '@rectify/trainer';

export type Rgb = readonly [number, number, number];

/** Class 0 orange, class 1 blue, as TensorFlow Playground. */
export const classColors: readonly [Rgb, Rgb] = [
  [245, 147, 34],
  [8, 119, 189],
];
const white: Rgb = [255, 255, 255];

const mix = (from: Rgb, to: Rgb, amount: number): Rgb => {
  const t = Math.min(1, Math.max(0, Number.isFinite(amount) ? amount : 0));
  return [Math.round(from[0] + (to[0] - from[0]) * t), Math.round(from[1] + (to[1] - from[1]) * t), Math.round(from[2] + (to[2] - from[2]) * t)];
};

const css = (color: Rgb): string => `rgb(${color[0]}, ${color[1]}, ${color[2]})`;

/** The colour of P(class 1): orange at 0, white at 0.5, blue at 1, paled so the points stand out. */
export function probabilityColor(probability: number): Rgb {
  const p = Number.isFinite(probability) ? probability : 0.5;
  const pale = 0.6;
  return p < 0.5 ? mix(white, classColors[0], (0.5 - p) * 2 * pale) : mix(white, classColors[1], (p - 0.5) * 2 * pale);
}

/** The colour of a unit's output: blue when positive, orange when negative, white at 0, relative to `scale` (the largest |output|). */
export function activityColor(value: number, scale: number): Rgb {
  if (!(scale > 0) || !Number.isFinite(value)) return white;
  return value >= 0 ? mix(white, classColors[1], value / scale) : mix(white, classColors[0], -value / scale);
}

/** RGBA pixels of a `size`×`size` grid of values, row 0 at the top. */
export function gridPixels(values: Float32Array, size: number, color: (value: number) => Rgb): Uint8ClampedArray {
  const pixels = new Uint8ClampedArray(size * size * 4);
  for (let index = 0; index < size * size; index++) {
    const [r, g, b] = color(values[index] ?? Number.NaN);
    pixels.set([r, g, b, 255], index * 4);
  }
  return pixels;
}

/** The largest |value|, 0 for an empty or all-zero array. */
export function largestMagnitude(values: Float32Array): number {
  let largest = 0;
  for (const value of values) if (Number.isFinite(value)) largest = Math.max(largest, Math.abs(value));
  return largest;
}

/** Draws grid pixels stretched (smoothly) over the whole canvas. */
function drawGrid(context: CanvasRenderingContext2D, pixels: Uint8ClampedArray, size: number): void {
  const source = document.createElement('canvas');
  source.width = size;
  source.height = size;
  source.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(pixels), size, size), 0, 0);
  context.imageSmoothingEnabled = true;
  context.drawImage(source, 0, 0, context.canvas.width, context.canvas.height);
}

/**
 * The decision boundary: P(class 1) over [-extent, extent]², then the training points (filled, white
 * rim) and the held-out points (white fill, coloured rim) on top.
 */
export function drawPlane(canvas: HTMLCanvasElement, boundary: Float32Array, size: number, data: { readonly train: Dataset; readonly test: Dataset }, extent: number): void {
  const context = canvas.getContext('2d');
  if (context === null) return;
  drawGrid(context, gridPixels(boundary, size, probabilityColor), size);
  const toPixel = (x: number, y: number): [number, number] => [((x + extent) / (2 * extent)) * canvas.width, ((extent - y) / (2 * extent)) * canvas.height];
  const radius = Math.max(2.5, canvas.width / 110);
  const drawPoints = (dataset: Dataset, held: boolean): void => {
    for (let row = 0; row < dataset.rows; row++) {
      const [px, py] = toPixel(dataset.inputs[row * 2] ?? 0, dataset.inputs[row * 2 + 1] ?? 0);
      const color = css(classColors[dataset.labels[row] === 1 ? 1 : 0]);
      context.beginPath();
      context.arc(px, py, radius, 0, 2 * Math.PI);
      context.fillStyle = held ? 'white' : color;
      context.strokeStyle = held ? color : 'white';
      context.lineWidth = held ? 2 : 1;
      context.fill();
      context.stroke();
    }
  };
  drawPoints(data.test, true);
  drawPoints(data.train, false);
}

/** One unit's output over the plane, scaled by its own largest |output|. */
export function drawUnitMap(canvas: HTMLCanvasElement, values: Float32Array, size: number): void {
  const context = canvas.getContext('2d');
  if (context === null) return;
  const scale = largestMagnitude(values);
  drawGrid(
    context,
    gridPixels(values, size, (value) => activityColor(value, scale)),
    size,
  );
}
