import { add, builtinActivations, createRegistry, eq, erf, expm1, ge, gt, layoutSlots, le, literalValue, lt, max, mul, neg, prepareKernel, resolveParams, select, sigmoid } from '@rectify/activation-core';
import type { ChannelLayout } from '@rectify/activation-core';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { describe, expect, it } from 'vitest';
import type { BindingName, KernelSource, KernelSourceOptions } from './kernel-source.js';
import { registerTestActivation } from '../testing/test-activation.js';
import { floatKey } from './helpers.js';
import { bindingIndex, bindKernelBuffers, kernelSource, reductionSource } from './kernel-source.js';

const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });

function printed(id: string, kind: 'forward' | 'backward', options: KernelSourceOptions, params: object = {}, fromOutput = false, layout?: ChannelLayout): KernelSource {
  const definition = registry.get(id);
  const prepared = prepareKernel(definition, kind, resolveParams(definition, params, layout), false, { fromOutput });
  return kernelSource(prepared, layoutSlots(prepared.plan, literalValue), options);
}

function source(id: string, kind: 'forward' | 'backward', options: KernelSourceOptions, params: object = {}, fromOutput = false): string {
  return printed(id, kind, options, params, fromOutput).code;
}

describe('WGSL printed from the IR', () => {
  it('one generator for f32 and vec4<f32>, constants splatted', () => {
    const scalar = source('elu', 'forward', { width: 1, workgroupSize: 64 });
    const vector = source('elu', 'forward', { width: 4, workgroupSize: 64 });
    expect(scalar).toContain('array<f32>');
    expect(scalar).toContain('fn m_expm1(x: f32) -> f32');
    expect(vector).toContain('array<vec4<f32>>');
    expect(vector).toContain('fn m_expm1(x: vec4<f32>) -> vec4<f32>');
    expect(vector).toContain('let h0 = vec4<f32>(u.s[0][0]);');
    expect(vector).toContain('@workgroup_size(64)');
  });

  it('comparisons rule NaN out by its bits where a flipped comparison would change the result', () => {
    // A compiler that assumes no NaN may evaluate x <= t as !(x > t): the threshold's result at NaN would change.
    const threshold = source('threshold', 'forward', { width: 1, workgroupSize: 64 });
    expect(threshold).toMatch(/\(\(m_key\(x\) <= m_key\(h\d\)\) & !\(m_isnan\(x\) \| m_isnan\(h\d\)\)\)/);
  });

  it('other comparisons compare keys that order as the floats do, denormals and both zeros included', () => {
    const ordered = [-Infinity, -3.4028234663852886e38, -1, -(2 ** -126), -1e-40, -1.401298464324817e-45, 0, 1.401298464324817e-45, 1e-40, 2 ** -126, 1, 3.4028234663852886e38, Infinity];
    const keys = ordered.map(floatKey);
    for (let i = 1; i < keys.length; i++) expect(keys[i], String(ordered[i])).toBeGreaterThan(keys[i - 1] ?? Infinity);
    expect(floatKey(-0)).toBe(floatKey(0));
    expect(keys.every((key) => Number.isInteger(key) && key >= -(2 ** 31) && key < 2 ** 31)).toBe(true);
    // A literal's key is printed as an integer: softplus compares beta x with its threshold parameter,
    // and a comparison with a non-zero literal keys the literal at print time.
    expect(source('smooth/softplus', 'forward', { width: 4, workgroupSize: 64 })).toMatch(/m_key\(h\d\)/);
    const aboveOne = registerTestActivation(registry, 'test/above_one', (x) => select(gt(x, 1), x, mul(x, 0.5)));
    expect(source(aboveOne, 'forward', { width: 4, workgroupSize: 64 })).toContain(`(m_key(x) > vec4<i32>(${floatKey(1)}))`);
  });

  it('comparisons with zero test the bits, whichever side the zero is on', () => {
    // ReLU's derivative: 0 at NaN, and 1 at a denormal x > 0 even where the device flushes denormals.
    const reluBackward = source('relu', 'backward', { width: 4, workgroupSize: 64 });
    expect(reluBackward).toMatch(/select\([^;]*m_le_zero\(x\)\)/);
    expect(reluBackward).not.toMatch(/x <= vec4<f32>/);
    for (const width of [1, 4] as const) {
      const elu = source('elu', 'forward', { width, workgroupSize: 64 });
      expect(elu).toContain(', x, m_gt_zero(x));');
    }
    const comparisons = { gt, ge, lt, le, eq };
    // Zero on the left.
    const mirrored = (op: keyof typeof comparisons): string =>
      source(registerTestActivation(registry, `test/zero_${op}`, (x) => select(comparisons[op](-0, x), x, mul(x, 0.5))), 'forward', { width: 4, workgroupSize: 64 });
    expect(mirrored('gt')).toContain('m_lt_zero(x)');
    expect(mirrored('ge')).toContain('m_le_zero(x)');
    expect(mirrored('lt')).toContain('m_gt_zero(x)');
    expect(mirrored('le')).toContain('m_ge_zero(x)');
    expect(mirrored('eq')).toContain('m_zero(x)');
  });

  it("computes a derivative's sigmoid(u) sigmoid(-u) with one exponential (m_sigmoid_pair)", () => {
    for (const id of ['sigmoid', 'tanh', 'smooth/silu']) {
      const code = source(id, 'backward', { width: 4, workgroupSize: 64 });
      const main = code.slice(code.indexOf('@compute'));
      expect(main.match(/m_sigmoid_pair\(/g), id).toHaveLength(1);
      expect(main, id).not.toContain('m_sigmoid(');
    }
    // A pair whose argument holds another pair: every name is declared once.
    const nestedPairs = registerTestActivation(registry, 'test/nested_pairs', (x) => {
      const inner = mul(sigmoid(x), sigmoid(neg(x)));
      return mul(sigmoid(inner), sigmoid(neg(inner)));
    });
    const nested = source(nestedPairs, 'forward', { width: 4, workgroupSize: 64 });
    const declared = [...nested.matchAll(/let (pair\d+) = m_sigmoid_pair/g)].map((match) => match[1]);
    expect(declared).toHaveLength(2);
    expect(new Set(declared).size).toBe(2);
    // f16 kernels keep two calls: the pair is a struct of f32 values.
    const half = source('sigmoid', 'backward', { width: 4, workgroupSize: 64, precision: 'f16' });
    expect(half.slice(half.indexOf('@compute')).match(/m_sigmoid\(/g)).toHaveLength(2);
  });

  it('operators stay plain against a parameter slot or a non-zero literal, helpers elsewhere', () => {
    const leaky = source('leaky_relu', 'forward', { width: 4, workgroupSize: 64 });
    expect(leaky).toContain('let v1 = (h0 * x);');
    const elu = source('elu', 'backward', { width: 4, workgroupSize: 64 }, {}, true);
    expect(elu).toContain('let v1 = (y + h0);');
    const selu = source('selu', 'forward', { width: 4, workgroupSize: 64 });
    expect(selu).toMatch(/\(vec4<f32>\(1\.673\d+\) \* v0\)/);
    expect(selu).toMatch(/ys\[i\] = \(vec4<f32>\(1\.0507\d+\) \* v\d\);/);
    // GELU's 0.5 x meets erfc in a further product, where a compiler may move the literal outward.
    const gelu = source('smooth/gelu', 'forward', { width: 4, workgroupSize: 64 });
    expect(gelu).toContain('let v0 = m_mul(vec4<f32>(0.5), x);');
    // A forward root is stored as it is; a backward root is multiplied by the upstream gradient.
    const twiceExpm1 = registerTestActivation(registry, 'test/twice_expm1', (x) => mul(2, expm1(x)));
    expect(source(twiceExpm1, 'forward', { width: 4, workgroupSize: 64 })).toMatch(/\(vec4<f32>\(2\.0\) \* v\d\)/);
    expect(source(twiceExpm1, 'backward', { width: 4, workgroupSize: 64 })).toMatch(/m_mul\(vec4<f32>\(2\.0\), v\d\)/);
    // x times helper results, stored: GELU's x / 2 times erfc, SiLU's x times sigmoid. A product of
    // such values inside a further expression, or of x and max(x, 0) (a select with a literal
    // branch), keeps the helper.
    expect(gelu).toContain('ys[i] = (v0 * v1);');
    expect(source('smooth/silu', 'forward', { width: 4, workgroupSize: 64 })).toMatch(/ys\[i\] = \(x \* v\d\);/);
    expect(source('smooth/silu', 'backward', { width: 4, workgroupSize: 64 })).toMatch(/m_mul\(v\d, pair\d\.ofNegated\)/);
    const xRelu = registerTestActivation(registry, 'test/x_relu', (x) => mul(x, max(x, 0)));
    expect(source(xRelu, 'forward', { width: 4, workgroupSize: 64 })).toMatch(/m_mul\(x, v\d\)/);
    // A literal addend, a literal zero factor and every division keep the helpers.
    expect(source('selu', 'backward', { width: 4, workgroupSize: 64 }, {}, true)).toMatch(/m_add\(vec4<f32>\(1\.758\d+\), y\)/);
    expect(source('celu', 'forward', { width: 4, workgroupSize: 64 })).toContain('m_div(x, h0)');
  });

  it("prints Mish's tanh(log1p(exp(x))) and softplus's log1p(exp(u)) as one helper each", () => {
    const main = (id: string): string => {
      const code = source(id, 'forward', { width: 4, workgroupSize: 64 });
      return code.slice(code.indexOf('fn main('));
    };
    expect(main('smooth/mish')).toContain('let v0 = m_tanh_softplus(x);');
    expect(main('smooth/mish')).not.toMatch(/m_exp|m_log1p|m_tanh\(/);
    expect(main('smooth/softplus')).toMatch(/m_log1p_exp\(v\d\)/);
    expect(main('smooth/softplus')).not.toMatch(/m_exp|m_log1p\(/);
    expect(main('tanh')).toContain('m_tanh(x)');
  });

  it('max and min against +0 test the bits of the other operand', () => {
    expect(source('relu', 'forward', { width: 4, workgroupSize: 64 })).toContain('ys[i] = m_max_zero(x);');
    expect(source('relu6', 'forward', { width: 4, workgroupSize: 64 })).toContain('m_clamp(x, vec4<f32>(0.0), vec4<f32>(6.0))');
  });

  it('a forward value is printed in the store; a backward one is named and multiplied by the gradient there', () => {
    expect(source('relu', 'forward', { width: 4, workgroupSize: 64 })).not.toContain('let v0');
    expect(source('relu', 'backward', { width: 4, workgroupSize: 64 })).toMatch(/ys\[i\] = v\d+ \* g;/);
    expect(source('elu', 'backward', { width: 4, workgroupSize: 64 })).toMatch(/ys\[i\] = v\d+ \* g;/);
  });

  it('parameters are uniform slots, never literals in the text', () => {
    const a = source('leaky_relu', 'forward', { width: 4, workgroupSize: 64 }, { alpha: 0.125 });
    const b = source('leaky_relu', 'forward', { width: 4, workgroupSize: 64 }, { alpha: 0.375 });
    expect(a).toBe(b);
    expect(a).toContain('u.s[0][0]');
    expect(a).not.toContain('0.125');
  });

  it('max, min and clamp go through NaN-preserving helpers with bit tests', () => {
    const relu6 = source('relu6', 'forward', { width: 4, workgroupSize: 64 });
    expect(relu6).toContain('m_clamp(x, vec4<f32>(0.0), vec4<f32>(6.0))');
    expect(relu6).toContain('(bitcast<vec4<u32>>(x) & vec4<u32>(0x7fffffffu)) > vec4<u32>(0x7f800000u)');
  });

  it('GELU uses erfc for 1 + erf(t), not a cancelling sum, with its square split on x', () => {
    const gelu = source('smooth/gelu', 'forward', { width: 4, workgroupSize: 64 });
    // (x / sqrt(2))^2 = x^2 / 2: erfc's argument is never rounded before it is squared.
    expect(gelu).toContain('m_erfc_over_sqrt2(x, vec4<f32>(-1.0))');
    expect(gelu).not.toMatch(/vec4<f32>\(1\.0\) \+ m_erf/);
  });

  /** The forward kernel of 1 + erf(scale x), registered under a fresh id. */
  const onePlusErfKernel = (id: string, scale: number): string => source(registerTestActivation(registry, id, (x) => add(1, erf(mul(scale, x)))), 'forward', { width: 4, workgroupSize: 64 });

  it("GELU's derivative takes exp(-(x / sqrt(2))^2) from the split square too", () => {
    expect(source('smooth/gelu', 'backward', { width: 4, workgroupSize: 64 })).toContain('m_exp_minus_half_square(x)');
  });

  it('another scale whose square is a power of two splits the square too', () => {
    expect(onePlusErfKernel('test/erf_half', 0.5)).toContain('m_erfc_scaled(x, vec4<f32>(-0.5), vec4<f32>(0.25), vec4<f32>(21.0))');
  });

  it('a scale whose square is not a power of two keeps erfc of the rounded product', () => {
    const code = onePlusErfKernel('test/erf_scaled', 0.6);
    expect(code).toMatch(/m_erfc\(\(-v\d+\)\)/);
    expect(code).not.toMatch(/m_erfc_scaled\(x, /);
  });

  it("GELU's tanh approximation and its derivative take sigmoid of the cubic from x, never of a rounded cubic", () => {
    const forward = source('smooth/gelu', 'forward', { width: 4, workgroupSize: 64 }, { approximate: 'tanh' });
    expect(forward).toMatch(/vec4<f32>\(2\.0\) \* m_sigmoid_cubic\(x, /);
    expect(forward.slice(forward.indexOf('fn main('))).not.toMatch(/m_sigmoid\(/);
    const backward = source('smooth/gelu', 'backward', { width: 4, workgroupSize: 64 }, { approximate: 'tanh' });
    const main = backward.slice(backward.indexOf('fn main('));
    expect(main).not.toMatch(/m_sigmoid\(/);
    // 2 sigmoid(v), sigmoid(v) and sigmoid(-v) from one pair: one cubic, one exponential.
    expect(main.match(/m_sigmoid_cubic_pair\(x, /g)).toHaveLength(1);
    expect(main).not.toContain('m_sigmoid_cubic(');
    expect(main).toContain('cubic0.value');
    expect(main).toContain('cubic0.ofNegated');
    // The forward kernel needs sigmoid(v) alone: no pair, whose second division it would not use.
    expect(forward.slice(forward.indexOf('fn main('))).not.toContain('m_sigmoid_cubic_pair(');
    // f16 kernels keep two calls: the pair is a struct of f32 values.
    const half = source('smooth/gelu', 'backward', { width: 4, workgroupSize: 64, precision: 'f16' }, { approximate: 'tanh' });
    expect(half.slice(half.indexOf('fn main(')).match(/m_sigmoid_cubic\(/g)).toHaveLength(3);
  });

  it('exponentials used only where x <= 0 call the helpers without an upper clamp', () => {
    const options = { width: 4, workgroupSize: 64 } as const;
    const body = (code: string): string => code.slice(code.indexOf('fn main('));
    expect(body(source('elu', 'forward', options))).toMatch(/m_expm1_nonpos\(x\)/);
    expect(body(source('celu', 'forward', options))).toMatch(/m_expm1_nonpos\(v\d+\)/);
    expect(body(source('selu', 'backward', options))).toMatch(/m_exp_nonpos\(x\)/);
    // Softplus's exponential meets positive x: the full helper.
    expect(body(source('smooth/softplus', 'forward', options))).not.toMatch(/_nonpos/);
  });

  it('backward writes parameter contributions, zero past the element count', () => {
    const prelu = source('prelu', 'backward', { width: 4, workgroupSize: 64 });
    expect(prelu).toContain('contributions[0u * u.count + i] = select(vec4<f32>(0.0)');
    expect(prelu).toContain('idx < vec4<u32>(u.n)');
  });

  it('several vectors per invocation: a loop over consecutive vectors around the same body', () => {
    const one = printed('prelu', 'backward', { width: 4, workgroupSize: 64 }, { alpha: Float32Array.of(1, 2) }, false, { channels: 2, stride: 8 });
    const four = printed('prelu', 'backward', { width: 4, workgroupSize: 64, vectorsPerInvocation: 4 }, { alpha: Float32Array.of(1, 2) }, false, { channels: 2, stride: 8 });
    expect([one.vectorsPerInvocation, four.vectorsPerInvocation]).toEqual([1, 4]);
    expect(one.code).not.toContain('for (');
    expect(one.code).toContain('  let i = (wid.y * u.rowGroups + wid.x) * 64u + lid;\n  if (i >= u.count) { return; }');
    expect(four.code).toContain('  let first = ((wid.y * u.rowGroups + wid.x) * 64u + lid) * 4u;\n  for (var k = 0u; k < 4u; k++) {\n    let i = first + k;\n    if (i >= u.count) { return; }');
    const body = (code: string, indent: string): string[] => code.slice(code.indexOf('if (i >= u.count)')).split('\n').slice(1).filter((line) => line.startsWith(indent + 'let ') || line.includes('[')).map((line) => line.trim());
    expect(body(four.code, '    ')).toEqual(body(one.code, '  '));
    expect(body(one.code, '  ')).toEqual(expect.arrayContaining(['let ch = (idx / vec4<u32>(u.stride)) % vec4<u32>(u.channels);', 'let g = gs[i];']));
    expect(body(one.code, '  ').filter((line) => line.startsWith('contributions[0u * u.count + i] = select('))).toHaveLength(1);
  });

  it('ELU backward from a saved output binds y, loads it beside x and computes no exponential', () => {
    const options = { width: 4, workgroupSize: 64 } as const;
    const fromOutput = source('elu', 'backward', options, {}, true);
    const recomputing = source('elu', 'backward', options);
    expect(fromOutput).toContain(`@group(0) @binding(${bindingIndex.savedOutput}) var<storage, read> saved: array<vec4<f32>>;`);
    expect(fromOutput).toContain('let y = saved[i];');
    // The helpers are printed whole; what counts is what main calls.
    const body = (code: string): string => code.slice(code.indexOf('fn main('));
    expect(body(fromOutput)).toMatch(/\(y \+ h\d+\)/);
    expect(body(fromOutput)).not.toMatch(/m_exp/);
    // With alpha >= 0, y > 0 exactly where x > 0: x is not loaded.
    expect(body(fromOutput)).not.toContain('xs[i]');
    expect(body(fromOutput)).toContain('m_gt_zero(y)');
    expect(body(source('elu', 'backward', options, { alpha: -0.5 }, true))).toContain('let x = xs[i];');
    expect(body(recomputing)).toMatch(/m_exp_nonpos\(x\)/);
    expect(recomputing).not.toContain('saved');
  });

  it('bind groups hold exactly the bindings the printed kernel declares', () => {
    const options = { width: 4, workgroupSize: 64 } as const;
    const every = Object.fromEntries(Object.keys(bindingIndex).map((name) => [name, name])) as Record<BindingName, string>;
    const kernels = [
      printed('relu', 'forward', options),
      printed('relu', 'backward', options),
      printed('prelu', 'forward', options),
      printed('prelu', 'backward', options),
      printed('prelu', 'backward', options, { alpha: new Float32Array([0.1, 0.2, 0.3]) }, false, { channels: 3, stride: 4 }),
      printed('elu', 'backward', options, {}, true),
    ];
    const seen = new Set<number>();
    for (const kernel of kernels) {
      const declared = [...kernel.code.matchAll(/@binding\((\d+)\)/g)].map((match) => Number(match[1]));
      expect(bindKernelBuffers(kernel, every).map(({ binding }) => binding)).toEqual(declared);
      declared.forEach((binding) => seen.add(binding));
    }
    expect([...seen].sort()).toEqual(Object.values(bindingIndex).sort());
    const eluFromOutput = printed('elu', 'backward', options, {}, true);
    const { savedOutput: _, ...withoutSaved } = every;
    expect(() => bindKernelBuffers(eluFromOutput, withoutSaved)).toThrow(/binds "savedOutput" but no buffer was given/);
  });

  it('a definition whose derivative does not use y ignores the request to read it', () => {
    const options = { width: 4, workgroupSize: 64 } as const;
    expect(source('smooth/silu', 'backward', options, {}, true)).toBe(source('smooth/silu', 'backward', options));
  });

  it('f16 kernels enable the extension, store f16 and run the helpers in f32', () => {
    for (const width of [1, 4] as const) {
      const code = source('smooth/gelu', 'forward', { width, workgroupSize: 64, precision: 'f16' });
      const value = width === 1 ? 'f16' : 'vec4<f16>';
      const f32 = width === 1 ? 'f32' : 'vec4<f32>';
      expect(code.startsWith('enable f16;')).toBe(true);
      expect(code).toContain(`var<storage, read> xs: array<${value}>;`);
      expect(code).toContain(`${value}(m_erfc_over_sqrt2(${f32}(x)`);
      // The cubic's constants stay float32 literals in an f16 kernel.
      const tanhForm = source('smooth/gelu', 'forward', { width, workgroupSize: 64, precision: 'f16' }, { approximate: 'tanh' });
      expect(tanhForm).toContain(`${value}(m_sigmoid_cubic(${f32}(x), ${f32}(1.595703125), ${f32}(`);
    }
  });

  it('f16 kernels write parameter-gradient contributions in f32, multiplied in f32, for the f32 reduction', () => {
    for (const width of [1, 4] as const) {
      const f32 = width === 1 ? 'f32' : 'vec4<f32>';
      const code = source('prelu', 'backward', { width, workgroupSize: 64, precision: 'f16' }, { alpha: 0.25 });
      expect(code).toContain(`var<storage, read> gs: array<${width === 1 ? 'f16' : 'vec4<f16>'}>;`);
      expect(code).toContain(`var<storage, read_write> contributions: array<${f32}>;`);
      const line = code.split('\n').find((text) => text.includes('contributions[0u * u.count + i] ='));
      expect(line?.trim().replace(/\bv\d+\b/, 'v')).toBe(`contributions[0u * u.count + i] = select(${f32}(0.0), ${f32}(v) * ${f32}(g), idx < ${width === 1 ? 'u32' : 'vec4<u32>'}(u.n));`);
      expect(reductionSource(64)).toContain('var<storage, read> contributions: array<f32>;');
    }
  });

  it('f16 storage packs four halves in a vec2<u32> around f32 arithmetic, with no extension', () => {
    const code = source('elu', 'backward', { width: 4, workgroupSize: 64, storage: 'f16' }, {}, true);
    expect(code).not.toContain('enable f16;');
    for (const name of ['xs', 'gs', 'saved']) expect(code).toContain(`var<storage, read> ${name}: array<vec2<u32>>;`);
    expect(code).toContain('var<storage, read_write> ys: array<vec2<u32>>;');
    expect(code).toContain('let y = m_load_f16(saved[i]);');
    expect(code).toContain('let g = m_load_f16(gs[i]);');
    expect(code).toMatch(/ys\[i\] = m_store_f16\(.+ \* g\);/);
    const forward = source('relu', 'forward', { width: 4, workgroupSize: 64, storage: 'f16' });
    expect(forward).toContain('let x = m_load_f16(xs[i]);');
    expect(forward).toMatch(/ys\[i\] = m_store_f16\(.+\);/);
    expect(() => source('relu', 'forward', { width: 1, workgroupSize: 64, storage: 'f16' })).toThrow(/width 4/);
    expect(() => source('relu', 'forward', { width: 4, workgroupSize: 64, storage: 'f16', precision: 'f16' })).toThrow(/f32 precision/);
  });
});
