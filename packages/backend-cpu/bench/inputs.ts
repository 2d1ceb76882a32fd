/** Seeded random-normal inputs shared by every peer: one buffer per role, sliced per size. */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface BenchInputs {
  /** Activation input, standard normal. */
  readonly x: Float32Array;
  /** Upstream gradient for backward, standard normal with another seed. */
  readonly grad: Float32Array;
}

/** mulberry32: small, fast and good enough for benchmark data. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples by the Box-Muller transform. */
export function randomNormal(length: number, seed: number): Float32Array {
  const next = mulberry32(seed);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - next()));
    const angle = 2 * Math.PI * next();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < length) out[i + 1] = radius * Math.sin(angle);
  }
  return out;
}

export function createInputs(maxSize: number): BenchInputs {
  return { x: randomNormal(maxSize, 1), grad: randomNormal(maxSize, 2) };
}

export interface InputFiles {
  readonly x: string;
  readonly grad: string;
  readonly length: number;
}

/** Writes the inputs as raw little-endian float32 so an external process reads exactly the same data. */
export async function writeInputFiles(inputs: BenchInputs): Promise<InputFiles> {
  const dir = tmpdir();
  const files = { x: path.join(dir, `rectify-bench-x-${process.pid}.f32`), grad: path.join(dir, `rectify-bench-grad-${process.pid}.f32`) };
  await writeFile(files.x, new Uint8Array(inputs.x.buffer, inputs.x.byteOffset, inputs.x.byteLength));
  await writeFile(files.grad, new Uint8Array(inputs.grad.buffer, inputs.grad.byteOffset, inputs.grad.byteLength));
  return { ...files, length: inputs.x.length };
}
