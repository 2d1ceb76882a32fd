/**
 * Measuring helpers for the SIMD math emitters: a compiled kernel that applies one emitter to an
 * array, float32 ulp distances, and input generators (binade sweeps, random bit patterns, fine
 * sweeps and neighbourhoods of chosen points).
 */
import type { FunctionBuilder } from './function-builder.js';
import { ModuleBuilder } from './module-builder.js';
import { Op } from './opcodes.js';
import type { SimdMathEmitter } from './simd-math.js';

/** Applies the compiled function to every element of `input` (any length). */
export type SimdMathKernel = (input: Float32Array, output?: Float32Array) => Float32Array;

const PAGE_BYTES = 65536;

/** How the emitters' polynomials are evaluated (FunctionBuilder's defaults where left out). */
export type PolynomialSettings = Partial<Pick<FunctionBuilder, 'polynomialScheme' | 'fusedMultiplyAdd'>>;

/**
 * Builds the module bytes of `kernel(inPtr, outPtr, n)`: out[i] = f(in[i]) for i < n, n a multiple of
 * 4, with the polynomials evaluated as `settings` say.
 */
export function simdMathKernelBytes(emitter: SimdMathEmitter, pages: number, settings: PolynomialSettings = {}): Uint8Array<ArrayBuffer> {
  const builder = new ModuleBuilder({ module: 'env', name: 'memory', initial: pages, maximum: pages, shared: false });
  builder.addFunction('kernel', ['i32', 'i32', 'i32'], [], (f) => {
    f.polynomialScheme = settings.polynomialScheme ?? f.polynomialScheme;
    f.fusedMultiplyAdd = settings.fusedMultiplyAdd ?? f.fusedMultiplyAdd;
    const [inPtr, outPtr, n] = [f.param(0), f.param(1), f.param(2)];
    const offset = f.local('i32');
    const end = f.local('i32');
    const x = f.local('v128');
    f.get(n).i32(4).op(Op.i32Mul).set(end);
    f.block(() => {
      f.loop(() => {
        f.get(offset).get(end).op(Op.i32GeU).brIf(1);
        f.get(inPtr).get(offset).op(Op.i32Add).load('v128').set(x);
        f.get(outPtr).get(offset).op(Op.i32Add);
        emitter(f, x);
        f.store('v128');
        f.get(offset).i32(16).op(Op.i32Add).set(offset);
        f.br(0);
      });
    });
  });
  return Uint8Array.from(builder.toBytes());
}

export interface CompiledSimdMath {
  readonly run: SimdMathKernel;
  /** The raw export and its memory, for timing without copies. */
  readonly kernel: (inPtr: number, outPtr: number, n: number) => void;
  readonly memory: WebAssembly.Memory;
}

/** Compiles `emitter` into a kernel over a private, non-shared memory of `pages` 64 KiB pages. */
export function compileSimdMath(emitter: SimdMathEmitter, pages = 64, settings: PolynomialSettings = {}): CompiledSimdMath {
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const module = new WebAssembly.Module(simdMathKernelBytes(emitter, pages, settings));
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const kernel = instance.exports['kernel'] as (inPtr: number, outPtr: number, n: number) => void;
  const half = (pages * PAGE_BYTES) / 2;
  const chunk = half / 4;
  const run: SimdMathKernel = (input, output = new Float32Array(input.length)) => {
    const source = new Float32Array(memory.buffer, 0, chunk);
    const target = new Float32Array(memory.buffer, half, chunk);
    for (let start = 0; start < input.length; start += chunk) {
      const count = Math.min(chunk, input.length - start);
      source.set(input.subarray(start, start + count));
      const padded = Math.ceil(count / 4) * 4;
      source.fill(0, count, padded);
      kernel(0, half, padded);
      output.set(target.subarray(0, count), start);
    }
    return output;
  };
  return { run, kernel, memory };
}

const scratchFloat = new Float32Array(1);
const scratchBits = new Int32Array(scratchFloat.buffer);

/** The float32 bit pattern of `value` (rounded to float32). */
export function float32Bits(value: number): number {
  scratchFloat[0] = value;
  return scratchBits[0] ?? 0;
}

/** The float32 with bit pattern `bits`. */
export function float32FromBits(bits: number): number {
  scratchBits[0] = bits | 0;
  return scratchFloat[0] ?? Number.NaN;
}

/** Bit patterns on one integer line: negative floats map to -(bits & 0x7fffffff), so -0 and +0 coincide. */
function orderedBits(value: number): number {
  const bits = float32Bits(value);
  return bits < 0 ? -(bits & 0x7fffffff) : bits;
}

/** Distance in float32 ulps (steps between adjacent float32 values); 0 for two NaNs, Infinity for one. */
export function ulpDistance(a: number, b: number): number {
  const nanA = Number.isNaN(a);
  const nanB = Number.isNaN(b);
  if (nanA || nanB) return nanA && nanB ? 0 : Infinity;
  return Math.abs(orderedBits(a) - orderedBits(b));
}

export const MIN_NORMAL_FLOAT32 = 2 ** -126;

export interface AccuracyReport {
  readonly count: number;
  /** Largest ulp distance where the reference rounds to a normal float32 (or zero or infinity). */
  readonly maxUlp: number;
  readonly worstInput: number;
  readonly worstGot: number;
  readonly worstWant: number;
  /** Largest ulp distance where the reference rounds to a denormal. */
  readonly maxDenormalUlp: number;
  /** Largest relative error |got - want| / |want| over normal, finite, nonzero references. */
  readonly maxRelative: number;
}

/** Compares kernel outputs with a float64 reference rounded to float32. */
export function measureAccuracy(inputs: Float32Array, outputs: Float32Array, reference: (x: number) => number): AccuracyReport {
  let maxUlp = 0;
  let worstInput = Number.NaN;
  let worstGot = Number.NaN;
  let worstWant = Number.NaN;
  let maxDenormalUlp = 0;
  let maxRelative = 0;
  for (let i = 0; i < inputs.length; i++) {
    const x = inputs[i] ?? 0;
    const got = outputs[i] ?? 0;
    const exact = reference(x);
    const want = Math.fround(exact);
    const distance = ulpDistance(got, want);
    const magnitude = Math.abs(want);
    if (magnitude !== 0 && magnitude < MIN_NORMAL_FLOAT32) {
      maxDenormalUlp = Math.max(maxDenormalUlp, distance);
      continue;
    }
    if (magnitude !== 0 && Number.isFinite(want)) maxRelative = Math.max(maxRelative, Math.abs(got - exact) / Math.abs(exact));
    if (distance > maxUlp) {
      maxUlp = distance;
      worstInput = x;
      worstGot = got;
      worstWant = want;
    }
  }
  return { count: inputs.length, maxUlp, worstInput, worstGot, worstWant, maxDenormalUlp, maxRelative };
}

/** A small deterministic generator (xorshift32) for repeatable random inputs. */
export function xorshift32(seed: number): () => number {
  let state = seed | 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
}

/**
 * `perBinade` evenly spaced float32 values in every binade [2^e, 2^(e+1)) that meets [lo, hi]
 * (0 < lo < hi), with both signs when `signs` is 'both'.
 */
export function binadeSamples(lo: number, hi: number, perBinade: number, signs: 'positive' | 'both' = 'both'): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log2(lo)); 2 ** e <= hi; e++) {
    const start = Math.max(2 ** e, lo);
    const stop = Math.min(2 ** (e + 1), hi);
    const first = float32Bits(start);
    const last = float32Bits(stop);
    const step = Math.max(1, Math.floor((last - first) / perBinade));
    for (let bits = first; bits < last; bits += step) {
      const value = float32FromBits(bits);
      out.push(value);
      if (signs === 'both') out.push(-value);
    }
  }
  return out;
}

/** `count` random float32 bit patterns whose values satisfy `keep`. */
export function randomFloats(count: number, seed: number, keep: (x: number) => boolean = () => true): number[] {
  const next = xorshift32(seed);
  const out: number[] = [];
  while (out.length < count) {
    const value = float32FromBits(next());
    if (keep(value)) out.push(value);
  }
  return out;
}

/** `count` evenly spaced values in [a, b], rounded to float32. */
export function linearSweep(a: number, b: number, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(Math.fround(a + ((b - a) * i) / Math.max(1, count - 1)));
  return out;
}

/** The float32 values within `radius` steps of `x` (x itself included), across zero if need be. */
export function neighbours(x: number, radius: number): number[] {
  const out: number[] = [];
  const centre = orderedBits(x);
  for (let d = -radius; d <= radius; d++) {
    const ordered = centre + d;
    out.push(float32FromBits(ordered < 0 ? -ordered | 0x80000000 : ordered));
  }
  return out;
}
