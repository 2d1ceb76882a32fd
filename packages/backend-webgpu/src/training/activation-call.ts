import type { ActivationCall, ActivationDefinition, ChannelLayout, ParamValue, Registry, ResolvedParam, ResolvedParams } from '@rectify/activation-core';
import { checkParamGradients, checkSeed, RectifyError, resolveParams, seedKey } from '@rectify/activation-core';
import { WebGPUTensor } from '../tensor.js';

/** An activation call checked against its definition, with parameters given as tensors kept apart. */
export interface DescribedActivation {
  readonly definition: ActivationDefinition;
  /** Every parameter resolved; those given as tensors hold placeholder defaults (their values live on the GPU). */
  readonly params: ResolvedParams;
  /** Parameters given as tensors, one value per channel, by name. */
  readonly tensorParams: ReadonlyMap<string, WebGPUTensor>;
  readonly training: boolean;
  readonly key: number;
  readonly channels: number;
  readonly stride: number;
  /** Backward: compute the learnable parameters' gradients (true unless the call said false). */
  readonly paramGradients: boolean;
  /** Everything that selects the kernel and its hoisted scalars: kind of each parameter and scalar values. */
  readonly signature: string;
}

/**
 * Checks an `ActivationCall` for a tensor of `length` elements with channel `layout` (axis 1).
 * Tensor parameters must be per-channel parameters of shape `[channels]`; their values are not
 * range-checked (they stay on the GPU).
 */
export function describeActivation(registry: Registry, call: ActivationCall, length: number, layout: ChannelLayout | undefined): DescribedActivation {
  if (typeof call !== 'object' || (call as unknown) === null) throw new RectifyError('INVALID_OPTION', 'activation must be an object { id, params?, training?, seed?, paramGradients? }.');
  const definition = registry.get(call.id);
  const given: Record<string, ParamValue> = {};
  const tensorParams = new Map<string, WebGPUTensor>();
  const rawParams: unknown = call.params ?? {};
  if (typeof rawParams !== 'object' || rawParams === null || Array.isArray(rawParams)) {
    throw new RectifyError('INVALID_PARAM_TYPE', `Parameters for "${definition.id}" must be an object of name: value.`, { id: definition.id });
  }
  for (const [name, value] of Object.entries(rawParams as Record<string, unknown>)) {
    if (!(value instanceof WebGPUTensor)) {
      given[name] = value as ParamValue;
      continue;
    }
    const spec = definition.params[name];
    if (spec === undefined) continue; // resolveParams reports the unknown name.
    if (spec.perChannel !== true) {
      throw new RectifyError('INVALID_PARAM_TYPE', `Parameter "${name}" of "${definition.id}" is a single number, not per-channel; got a tensor.`, { id: definition.id, name });
    }
    const channels = layout?.channels ?? 1;
    if (value.shape.length !== 1 || value.size !== channels) {
      throw new RectifyError('PARAM_LENGTH_MISMATCH', `Parameter "${name}" of "${definition.id}" must be a tensor of shape [${channels}] (one value per channel), got [${value.shape.join(', ')}].`, {
        id: definition.id,
        name,
        expected: channels,
        actual: value.size,
      });
    }
    tensorParams.set(name, value);
  }
  const unknownTensor = Object.entries(rawParams as Record<string, unknown>).find(([name, value]) => value instanceof WebGPUTensor && definition.params[name] === undefined);
  if (unknownTensor !== undefined) resolveParams(definition, { [unknownTensor[0]]: 0 }, layout);
  const resolved: Record<string, ResolvedParam> = { ...resolveParams(definition, given, layout) };
  for (const name of tensorParams.keys()) {
    resolved[name] = { kind: 'channel', values: new Float64Array(layout?.channels ?? 1).fill(definition.params[name]?.default ?? 0) };
  }
  const training = call.training === true;
  const seed = checkSeed(call.seed ?? 0);
  checkParamGradients(call.paramGradients);
  const paramGradients = call.paramGradients !== false;
  const perChannel = Object.values(resolved).some((param) => param.kind === 'channel');
  let signature = `${training ? 'T' : 'E'}${paramGradients ? '' : 'x'}`;
  for (const name in resolved) {
    const param = resolved[name];
    signature += param?.kind === 'scalar' ? `|${param.value}` : tensorParams.has(name) ? '|t' : '|c';
  }
  return {
    definition,
    params: resolved,
    tensorParams,
    training,
    key: seedKey(seed),
    channels: perChannel && layout !== undefined ? layout.channels : 1,
    stride: perChannel && layout !== undefined ? layout.stride : Math.max(1, length),
    paramGradients,
    signature,
  };
}
