import type { HoistPlan, Node, NumNode, SlotLayout, Variation } from '@rectify/activation-core';
import { childrenOf, literalValue, slotValues } from '@rectify/activation-core';
import { helpersSource } from '../wgsl/helpers.js';
import { printExpressions } from '../wgsl/print-expression.js';
import { wgslTypes } from '../wgsl/types.js';
import type { DescribedActivation } from './activation-call.js';
import type { ComputeKernels } from './compute-kernels.js';
import { sequentialBindings } from './compute-kernels.js';
import type { Recorder } from './recorder.js';
import { bufferOfTensor } from './tensor-access.js';

const workgroupSize = 64;
const isCompare = (node: Node): boolean => node.op === 'gt' || node.op === 'ge' || node.op === 'lt' || node.op === 'le' || node.op === 'eq';

/**
 * Writes the per-channel hoisted values of a kernel (`slots.perChannel`, `channels` floats per slot)
 * at the start of `target`. Host parameter values are evaluated on the host in float64, as for array
 * calls. Parameters given as tensors stay on the GPU: a slot that is the bare parameter is copied, any
 * other expression of per-channel parameters is printed as WGSL and computed by a small kernel (its
 * scalar parts hoisted from the host), so a PReLU slope trained on the device is never read back.
 */
export function writeChannelValues(recorder: Recorder, kernels: ComputeKernels, owner: object, call: DescribedActivation, slots: SlotLayout, target: GPUBuffer): void {
  if (slots.perChannel.size === 0) return;
  const { channels } = call;
  if (call.tensorParams.size === 0) {
    const values = slotValues(slots, call.params, channels).subarray(slots.scalar.size);
    recorder.write(target, 0, values);
    return;
  }
  const computed: NumNode[] = [];
  for (const [node, slot] of slots.perChannel) {
    const tensor = node.op === 'param' ? call.tensorParams.get(node.name) : undefined;
    if (tensor !== undefined) recorder.copy(bufferOfTensor(tensor, owner, `parameter "${tensor.shape.join('x')}"`), 0, target, slot * channels * 4, channels * 4);
    else computed.push(node);
  }
  if (computed.length === 0) return;

  const names = Object.keys(call.params).filter((name) => call.params[name]?.kind === 'channel');
  const packed = recorder.scratch(names.length * channels);
  names.forEach((name, index) => {
    const tensor = call.tensorParams.get(name);
    const param = call.params[name];
    if (tensor !== undefined) recorder.copy(bufferOfTensor(tensor, owner, `parameter "${name}"`), 0, packed, index * channels * 4, channels * 4);
    else if (param?.kind === 'channel') recorder.write(packed, index * channels * 4, Float32Array.from(param.values));
  });

  const program = channelProgram(computed, names);
  const scalars = slotValues({ scalar: program.slots.scalar, perChannel: new Map(), literals: program.slots.literals }, call.params, 1);
  const types = wgslTypes(1, 'f32');
  const printed = printExpressions(computed, program.plan, program.slots, types);
  const uniformSlots = Math.max(1, Math.ceil(program.slots.scalar.size / 4));
  const stores = computed.map((node, k) => `  outs[${slots.perChannel.get(node) ?? 0}u * u.channels + ch] = ${printed.roots[k] ?? '0.0'};`);
  const code = [
    'struct Params { channels: u32, key: u32, inf: f32, nan: f32,',
    `  s: array<vec4<f32>, ${uniformSlots}> }`,
    '@group(0) @binding(0) var<uniform> u: Params;',
    '@group(0) @binding(1) var<storage, read> chan: array<f32>;',
    '@group(0) @binding(2) var<storage, read_write> outs: array<f32>;',
    helpersSource(types),
    `@compute @workgroup_size(${workgroupSize})`,
    'fn main(@builtin(global_invocation_id) gid: vec3<u32>) {',
    '  let ch = gid.x;',
    '  if (ch >= u.channels) { return; }',
    '  let idx = ch;',
    '  let x = 0.0;',
    ...printed.statements.map((statement) => `  ${statement}`),
    ...stores,
    '}',
  ].join('\n');
  // The code depends on the definition and its kernel decisions; the printed text is the key.
  const kernel = kernels.get(`channel-values|${code}`, () => ({ label: `rectify ${call.definition.id} channel values`, code, bindings: sequentialBindings('uniform', 'read-only-storage', 'storage') }));
  const header = new ArrayBuffer(16 + 16 * uniformSlots);
  new Uint32Array(header, 0, 2).set([channels, call.key >>> 0]);
  new Float32Array(header, 8, 2).set([Number.POSITIVE_INFINITY, Number.NaN]);
  new Float32Array(header, 16).set(scalars.subarray(0, program.slots.scalar.size));
  recorder.dispatch(
    kernel,
    [
      { binding: 0, buffer: recorder.uniforms(header) },
      { binding: 1, buffer: packed },
      { binding: 2, buffer: target },
    ],
    [Math.ceil(channels / workgroupSize)],
  );
}

/**
 * How to print per-channel expressions as a kernel over channels: each per-channel parameter is read
 * from `chan` (its index in `names`), values depending on them are computed per invocation, and
 * maximal parts free of them are hoisted (literals when free of parameters, uniforms otherwise).
 */
function channelProgram(roots: readonly NumNode[], names: readonly string[]): { plan: HoistPlan; slots: SlotLayout } {
  const variation = new Map<Node, Variation>();
  const usesParam = new Map<Node, boolean>();
  const perChannel = new Map<NumNode, number>();
  const scalar = new Map<NumNode, number>();
  const literals = new Map<NumNode, number>();

  const visit = (node: Node): Variation => {
    const known = variation.get(node);
    if (known !== undefined) return known;
    let result: Variation = 'call';
    let param = false;
    if (node.op === 'param') {
      param = true;
      const index = names.indexOf(node.name);
      if (index >= 0) {
        result = 'channel';
        perChannel.set(node, index);
      }
    } else {
      for (const child of childrenOf(node)) {
        if (visit(child) !== 'call') result = 'element';
        param ||= usesParam.get(child) === true;
      }
    }
    variation.set(node, result);
    usesParam.set(node, param);
    return result;
  };
  roots.forEach(visit);

  const hoist = (node: NumNode): void => {
    if (variation.get(node) !== 'call' || scalar.has(node) || literals.has(node)) return;
    if (usesParam.get(node) !== true && node.op !== 'uniform') literals.set(node, Math.fround(literalValue(node)));
    else scalar.set(node, scalar.size);
  };
  const seen = new Set<Node>();
  const walk = (node: Node): void => {
    if (seen.has(node)) return;
    seen.add(node);
    if (variation.get(node) !== 'element' && !isCompare(node)) {
      hoist(node as NumNode);
      return;
    }
    childrenOf(node).forEach(walk);
  };
  roots.forEach(walk);
  return { plan: { variation, hoisted: [] }, slots: { scalar, perChannel, literals } };
}
