import type { KernelKind, PreparedKernel, SlotLayout } from '@rectify/activation-core';
import { helpersSource } from './helpers.js';
import type { PrintedExpressions } from './print-expression.js';
import { printExpressions } from './print-expression.js';
import { f16StorageHelpers } from './f16-storage.js';
import type { Precision, Storage, Width } from './types.js';
import { wgslTypes } from './types.js';

export interface KernelSourceOptions {
  readonly width: Width;
  readonly workgroupSize: number;
  readonly precision?: Precision;
  /** Element storage of the input, output, gradient and saved-output buffers; `f16` needs width 4 and precision f32. */
  readonly storage?: Storage;
  /** Consecutive vectors (of `width` elements) each invocation computes, one after the other; 1 by default. */
  readonly vectorsPerInvocation?: number;
}

/** What the host must bind for a kernel, besides the uniform block, input and output. */
export interface KernelBindings {
  readonly kind: KernelKind;
  /** Learnable parameters whose per-element contributions the kernel writes (backward). */
  readonly gradientCount: number;
  /** Whether per-channel hoisted values are read from a storage buffer. */
  readonly perChannel: boolean;
  /** vec4<f32> slots in the uniform block for per-call hoisted values (at least 1). */
  readonly uniformSlots: number;
  /** Whether a backward kernel reads the saved forward output y, laid out as the input, instead of recomputing it. */
  readonly readsOutput: boolean;
}

export interface KernelSource extends KernelBindings {
  readonly code: string;
  /** As the option: the host dispatches count / (workgroupSize * vectorsPerInvocation) workgroups. */
  readonly vectorsPerInvocation: number;
}

/** Workgroups that cover `count` vectors for a kernel of `workgroupSize` invocations. */
export function workgroupsFor(count: number, workgroupSize: number, source: Pick<KernelSource, 'vectorsPerInvocation'>): number {
  return Math.ceil(count / (workgroupSize * source.vectorsPerInvocation));
}

/** Bytes of the uniform block before the hoisted slots. */
export const uniformHeaderBytes = 32;

export const bindingIndex = { uniforms: 0, input: 1, output: 2, grad: 3, contributions: 4, channels: 5, savedOutput: 6 } as const;

export type BindingName = keyof typeof bindingIndex;

export interface KernelBinding {
  readonly name: BindingName;
  readonly binding: number;
  readonly type: 'uniform' | 'storage' | 'read-only-storage';
}

/** The buffers a kernel binds, in binding order: what its bind-group layout holds. */
export function kernelBindings(bindings: KernelBindings): KernelBinding[] {
  const backward = bindings.kind === 'backward';
  const bound = (name: BindingName, type: KernelBinding['type']): KernelBinding => ({ name, binding: bindingIndex[name], type });
  const list = [bound('uniforms', 'uniform'), bound('input', 'read-only-storage'), bound('output', 'storage')];
  if (backward) list.push(bound('grad', 'read-only-storage'));
  if (backward && bindings.gradientCount > 0) list.push(bound('contributions', 'storage'));
  if (bindings.perChannel) list.push(bound('channels', 'read-only-storage'));
  if (bindings.readsOutput) list.push(bound('savedOutput', 'read-only-storage'));
  return list;
}

/** Whether the kernel binds the buffer `name`. */
export function bindsBuffer(bindings: KernelBindings, name: BindingName): boolean {
  return kernelBindings(bindings).some((binding) => binding.name === name);
}

/**
 * Pairs every binding of the kernel with its buffer from `buffers`, so that a bind group holds what
 * the layout asks for; buffers the kernel does not bind are left out.
 */
export function bindKernelBuffers<B>(bindings: KernelBindings, buffers: { readonly [name in BindingName]?: B }): { binding: number; buffer: B }[] {
  return kernelBindings(bindings).map(({ name, binding }) => {
    const buffer = buffers[name];
    if (buffer === undefined) throw new Error(`the kernel binds "${name}" but no buffer was given for it`);
    return { binding, buffer };
  });
}

/** Storage buffers the kernel binds, to compare with the device's maxStorageBuffersPerShaderStage. */
export function storageBufferCount(bindings: KernelBindings): number {
  return kernelBindings(bindings).filter((binding) => binding.type !== 'uniform').length;
}

/**
 * One WGSL compute shader for a prepared kernel: bindings, a uniform block (element count, seed key,
 * channel layout, dispatch row length, infinity and NaN, then every per-call hoisted value), a bounds
 * guard, load, the printed expression and the store. Backward kernels multiply by the upstream
 * gradient and write each learnable parameter's contribution (zero past the end) for the reduction;
 * those that read the saved forward output load it as `y` next to `x`.
 */
export function kernelSource(prepared: PreparedKernel, slots: SlotLayout, options: KernelSourceOptions): KernelSource {
  const precision = options.precision ?? 'f32';
  const halves = options.storage === 'f16';
  if (halves && (options.width !== 4 || precision !== 'f32')) throw new RangeError('f16 storage needs width 4 and f32 precision');
  const types = wgslTypes(options.width, precision);
  const V = types.value;
  const F = types.f32;
  const U = types.u32;
  const contribution = (partial: string): string => (precision === 'f32' ? `${partial} * g` : `${F}(${partial}) * ${F}(g)`);
  const backward = prepared.kind === 'backward';
  const gradientCount = prepared.gradientParams.length;
  const perChannel = slots.perChannel.size > 0;
  const readsOutput = backward && prepared.readsOutput;
  const vectors = options.vectorsPerInvocation ?? 1;
  const uniformSlots = Math.max(1, Math.ceil(slots.scalar.size / 4));
  const expressions = printExpressions(prepared.roots, prepared.plan, slots, types, { rootsStored: !backward, nonPositiveExponentials: prepared.nonPositiveExponentials, ...(readsOutput ? { output: 'y' } : {}) });
  const printed = backward ? expressions : storedDirectly(expressions);
  const [value, ...partials] = printed.roots;
  if (value === undefined) throw new Error('kernel has no root expression');
  // f16 storage: each vec2<u32> holds the four halves of one vector.
  const stored = halves ? 'vec2<u32>' : V;
  const load = (element: string): string => (halves ? `m_load_f16(${element})` : element);
  const store = (result: string): string => (halves ? `m_store_f16(${result})` : result);
  const indices = options.width === 1 ? 'i' : 'i * 4u + vec4<u32>(0u, 1u, 2u, 3u)';

  const lines = [
    precision === 'f16' ? 'enable f16;' : '',
    'struct Params { n: u32, key: u32, stride: u32, channels: u32, rowGroups: u32, count: u32, inf: f32, nan: f32,',
    `  s: array<vec4<f32>, ${uniformSlots}> }`,
    `@group(0) @binding(${bindingIndex.uniforms}) var<uniform> u: Params;`,
    `@group(0) @binding(${bindingIndex.input}) var<storage, read> xs: array<${stored}>;`,
    `@group(0) @binding(${bindingIndex.output}) var<storage, read_write> ys: array<${stored}>;`,
    backward ? `@group(0) @binding(${bindingIndex.grad}) var<storage, read> gs: array<${stored}>;` : '',
    // Contributions stay float32 in f16 kernels: the reduction sums them in float32.
    backward && gradientCount > 0 ? `@group(0) @binding(${bindingIndex.contributions}) var<storage, read_write> contributions: array<${F}>;` : '',
    perChannel ? `@group(0) @binding(${bindingIndex.channels}) var<storage, read> chan: array<f32>;` : '',
    readsOutput ? `@group(0) @binding(${bindingIndex.savedOutput}) var<storage, read> saved: array<${stored}>;` : '',
    helpersSource(types),
    halves ? f16StorageHelpers : '',
    `@compute @workgroup_size(${options.workgroupSize})`,
    'fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {',
    ...perInvocation(`(wid.y * u.rowGroups + wid.x) * ${options.workgroupSize}u + lid`, vectors, [
      'if (i >= u.count) { return; }',
      `let idx = ${indices};`,
      perChannel ? `let ch = (idx / ${U}(u.stride)) % ${U}(u.channels);` : '',
      prepared.readsInput ? `let x = ${load('xs[i]')};` : '',
      readsOutput ? `let y = ${load('saved[i]')};` : '',
      ...printed.statements,
      backward ? `let g = ${load('gs[i]')};` : '',
      `ys[i] = ${store(backward ? `${value} * g` : value)};`,
      ...partials.map((partial, k) => `contributions[${k}u * u.count + i] = select(${F}(0.0), ${contribution(partial)}, idx < ${U}(u.n));`),
    ]),
    '}',
  ];
  const code = lines.filter((line) => line.trim() !== '').join('\n');
  return { code, kind: prepared.kind, gradientCount, perChannel, uniformSlots, readsOutput, vectorsPerInvocation: vectors };
}

/**
 * A forward kernel's value printed in the store itself where the last statement only names it:
 * SwiftShader ran ReLU's `let v0 = m_max_zero(x); ys[i] = v0;` 4-10% slower than `ys[i] =
 * m_max_zero(x);`, the same shader otherwise (2^24 elements, GPU time, interleaved in one page).
 * The value is the same expression, so the result is the same bits.
 */
function storedDirectly(printed: PrintedExpressions): PrintedExpressions {
  const [value] = printed.roots;
  const last = printed.statements.at(-1);
  const binding = `let ${value ?? ''} = `;
  if (printed.roots.length !== 1 || last?.startsWith(binding) !== true) return printed;
  return { statements: printed.statements.slice(0, -1), roots: [last.slice(binding.length, -1)] };
}

/**
 * The body of main for vector i, once per invocation (i = its global index), or for `vectors`
 * consecutive vectors from i = index * vectors. Past the end the invocation returns, which ends the
 * loop too, since i only grows.
 */
function perInvocation(index: string, vectors: number, body: readonly string[]): string[] {
  if (vectors === 1) return [`  let i = ${index};`, ...body.map((line) => `  ${line}`)];
  return [
    `  let first = (${index}) * ${vectors}u;`,
    `  for (var k = 0u; k < ${vectors}u; k++) {`,
    '    let i = first + k;',
    ...body.map((line) => `    ${line}`),
    '  }',
  ];
}

/**
 * Sums the contributions of one parameter per channel: one workgroup per channel, each invocation
 * striding over the channel's elements, then a tree in workgroup memory. A parameter given as one
 * scalar is one channel spanning every element.
 */
export function reductionSource(workgroupSize: number): string {
  return `
struct Reduce { n: u32, stride: u32, channels: u32, offset: u32, outOffset: u32, rowGroups: u32 }
@group(0) @binding(0) var<uniform> r: Reduce;
@group(0) @binding(1) var<storage, read> contributions: array<f32>;
@group(0) @binding(2) var<storage, read_write> sums: array<f32>;
var<workgroup> partial: array<f32, ${workgroupSize}>;
@compute @workgroup_size(${workgroupSize})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let c = wid.y * r.rowGroups + wid.x;
  if (c >= r.channels) { return; }
  let perChannel = r.n / r.channels;
  var acc = 0.0;
  for (var t = lid; t < perChannel; t += ${workgroupSize}u) {
    acc += contributions[r.offset + (t / r.stride) * r.stride * r.channels + c * r.stride + t % r.stride];
  }
  partial[lid] = acc;
  workgroupBarrier();
  for (var step = ${workgroupSize / 2}u; step > 0u; step >>= 1u) {
    if (lid < step) { partial[lid] += partial[lid + step]; }
    workgroupBarrier();
  }
  if (lid == 0u) { sums[r.outOffset + c] = partial[0]; }
}
`;
}
