import type { BoolNode, NumNode, PreparedKernel, SlotLayout } from '@rectify/activation-core';
import { cubicCoefficients, erfcFloat64, erfFloat64, inputScale, minusSquareScale, uniformAt } from '@rectify/activation-core';

/** Elements per block: columns of this length stay in cache. */
const blockSize = 512;

type Column = Float32Array;

const sigmoid = (v: number): number => {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
};

const unary: Readonly<Record<string, (v: number) => number>> = {
  neg: (v) => -v,
  abs: Math.abs,
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  tanh: Math.tanh,
  sigmoid,
  erf: erfFloat64,
};

export interface InterpretCall {
  readonly input: Float32Array;
  readonly grad?: Float32Array;
  /** The saved forward output y, for backward kernels that read it (`readsOutput`). */
  readonly savedOutput?: Float32Array;
  readonly output: Float32Array;
  /** Hoisted values for this call, laid out as `slots` says. */
  readonly slotValues: Float32Array;
  readonly stride: number;
  readonly channels: number;
  readonly key: number;
  /** Per-channel float64 sums of parameter gradients (backward). */
  readonly sums?: Float64Array;
}

/**
 * Evaluates a prepared kernel without generating code, for platforms that forbid run-time
 * compilation (a Content-Security-Policy without 'wasm-unsafe-eval'). Each primitive is one loop
 * over a block of float32 columns: no per-element call, and float32 rounding after every step,
 * as the WebAssembly kernels do.
 */
export function interpretKernel(kernel: PreparedKernel, slots: SlotLayout, call: InterpretCall): void {
  const { input, output, grad, savedOutput, slotValues, stride, channels, key, sums } = call;
  const n = input.length;
  const backward = kernel.kind === 'backward';

  for (let start = 0; start < n; start += blockSize) {
    const length = Math.min(blockSize, n - start);
    const columns = new Map<NumNode, Column>();
    const conditions = new Map<BoolNode, Uint8Array>();
    const channelOf = (k: number): number => Math.floor((start + k) / stride) % channels;

    const hoisted = (node: NumNode): Column | undefined => {
      const literal = slots.literals.get(node);
      if (literal !== undefined) return new Float32Array(length).fill(literal);
      const scalar = slots.scalar.get(node);
      if (scalar !== undefined) return new Float32Array(length).fill(slotValues[scalar] ?? Number.NaN);
      const perChannel = slots.perChannel.get(node);
      if (perChannel === undefined) return undefined;
      const base = slots.scalar.size + perChannel * channels;
      return Float32Array.from({ length }, (_, k) => slotValues[base + channelOf(k)] ?? Number.NaN);
    };

    const condition = (node: BoolNode): Uint8Array => {
      const known = conditions.get(node);
      if (known !== undefined) return known;
      const a = column(node.args[0]);
      const b = column(node.args[1]);
      const result = new Uint8Array(length);
      for (let k = 0; k < length; k++) {
        const u = a[k] ?? 0;
        const v = b[k] ?? 0;
        result[k] = Number(node.op === 'gt' ? u > v : node.op === 'ge' ? u >= v : node.op === 'lt' ? u < v : node.op === 'le' ? u <= v : u === v);
      }
      conditions.set(node, result);
      return result;
    };

    /**
     * outer * sigmoid(inner t) for t = a1 x + a3 x^3 formed from x in float64: sigmoid's tail would
     * magnify the rounding of a float32 t by |inner t|.
     */
    const sigmoidOfCubic = ([a1, a3]: readonly [number, number], inner: number, outer: number): Column => {
      const result = new Float32Array(length);
      for (let k = 0; k < length; k++) {
        const v = input[start + k] ?? 0;
        result[k] = outer * sigmoid(inner * (a1 * v + a3 * v * v * v));
      }
      return result;
    };

    const stableOnePlus = (other: NumNode, sign: number): Column | undefined => {
      if (other.op === 'neg') return stableOnePlus(other.args[0], -sign);
      if (other.op !== 'erf' && other.op !== 'tanh') return undefined;
      const result = new Float32Array(length);
      const scale = other.op === 'erf' ? inputScale(other.args[0]) : undefined;
      if (scale !== undefined) {
        // erfc(-sign c x) with c x formed in float64: erfc's condition number 2t^2 would magnify the
        // rounding of a float32 product (or of c) into tens of ulps (GELU's 1 / sqrt(2)).
        for (let k = 0; k < length; k++) result[k] = erfcFloat64(-sign * scale * (input[start + k] ?? 0));
        return result;
      }
      const cubic = other.op === 'tanh' ? cubicCoefficients(other.args[0]) : undefined;
      // 2 sigmoid(2 sign t) for t = a1 x + a3 x^3 (GELU's tanh approximation).
      if (cubic !== undefined) return sigmoidOfCubic(cubic, 2 * sign, 2);
      const t = column(other.args[0]);
      for (let k = 0; k < length; k++) {
        const v = t[k] ?? 0;
        result[k] = other.op === 'erf' ? erfcFloat64(-sign * v) : 2 * sigmoid(2 * sign * v);
      }
      return result;
    };

    function column(node: NumNode): Column {
      const known = columns.get(node);
      if (known !== undefined) return known;
      const result = hoisted(node) ?? compute(node);
      columns.set(node, result);
      return result;
    }

    function compute(node: NumNode): Column {
      const result = new Float32Array(length);
      switch (node.op) {
        case 'input':
          result.set(input.subarray(start, start + length));
          return result;
        case 'output':
          if (savedOutput === undefined) throw new Error('interpreter: the kernel reads the saved output but none was given');
          result.set(savedOutput.subarray(start, start + length));
          return result;
        case 'uniform':
          for (let k = 0; k < length; k++) result[k] = uniformAt(key >>> 0, start + k);
          return result;
        case 'const':
        case 'param':
          throw new Error(`interpreter: ${node.op} should have been hoisted or substituted`);
        case 'select': {
          const test = condition(node.cond);
          const a = column(node.args[0]);
          const b = column(node.args[1]);
          for (let k = 0; k < length; k++) result[k] = test[k] === 1 ? (a[k] ?? 0) : (b[k] ?? 0);
          return result;
        }
        case 'clamp': {
          const [v, lo, hi] = [column(node.args[0]), column(node.args[1]), column(node.args[2])];
          for (let k = 0; k < length; k++) result[k] = Math.min(Math.max(v[k] ?? 0, lo[k] ?? 0), hi[k] ?? 0);
          return result;
        }
        case 'add':
        case 'sub': {
          const [left, right] = node.args;
          const sign = node.op === 'add' ? 1 : -1;
          const isOne = (operand: NumNode): boolean => slots.literals.get(operand) === 1;
          const stable = isOne(left) ? stableOnePlus(right, sign) : node.op === 'add' && isOne(right) ? stableOnePlus(left, 1) : undefined;
          if (stable !== undefined) return stable;
          const a = column(left);
          const b = column(right);
          if (sign === 1) for (let k = 0; k < length; k++) result[k] = (a[k] ?? 0) + (b[k] ?? 0);
          else for (let k = 0; k < length; k++) result[k] = (a[k] ?? 0) - (b[k] ?? 0);
          return result;
        }
        case 'mul':
        case 'div':
        case 'min':
        case 'max': {
          const a = column(node.args[0]);
          const b = column(node.args[1]);
          const op = node.op;
          for (let k = 0; k < length; k++) {
            const u = a[k] ?? 0;
            const v = b[k] ?? 0;
            result[k] = op === 'mul' ? u * v : op === 'div' ? u / v : op === 'min' ? Math.min(u, v) : Math.max(u, v);
          }
          return result;
        }
        default: {
          const squareScale = node.op === 'exp' ? minusSquareScale(node.args[0]) : undefined;
          if (squareScale !== undefined) {
            // exp(-(a x)(b x)) from x and the unrounded a b: rounding a x would be magnified by (a x)^2.
            for (let k = 0; k < length; k++) result[k] = Math.exp(-squareScale * (input[start + k] ?? 0) ** 2);
            return result;
          }
          const cubic = node.op === 'sigmoid' ? cubicCoefficients(node.args[0]) : undefined;
          if (cubic !== undefined) return sigmoidOfCubic(cubic, 1, 1);
          const a = column(node.args[0]);
          const f = unary[node.op];
          if (f === undefined) throw new Error(`interpreter: no rule for ${node.op}`);
          for (let k = 0; k < length; k++) result[k] = f(a[k] ?? 0);
          return result;
        }
      }
    }

    const [first, ...partials] = kernel.roots.map(column);
    if (first === undefined) return;
    if (!backward || grad === undefined) {
      output.set(first, start);
      continue;
    }
    // Parameter sums first: with inPlace, output and grad are the same array.
    partials.forEach((partial, index) => {
      if (sums === undefined) return;
      for (let k = 0; k < length; k++) {
        const slot = index * channels + channelOf(k);
        sums[slot] = (sums[slot] ?? 0) + Math.fround((partial[k] ?? 0) * (grad[start + k] ?? 0));
      }
    });
    for (let k = 0; k < length; k++) output[start + k] = (first[k] ?? 0) * (grad[start + k] ?? 0);
  }
}
