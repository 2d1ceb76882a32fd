import { RectifyError } from '../errors.js';
import { closestMatches } from '../registry/suggest.js';
import type { ActivationDefinition } from './definition.js';
import type { ParamSpec } from './param-spec.js';
import { describeRange, inRange } from './param-spec.js';

/** A parameter after validation: one value, or one value per channel. */
export type ResolvedParam = { readonly kind: 'scalar'; readonly value: number } | { readonly kind: 'channel'; readonly values: Float64Array };
export type ResolvedParams = Readonly<Record<string, ResolvedParam>>;

/** How a flat array maps to channels: channel of element i is floor(i / stride) % channels. */
export interface ChannelLayout {
  readonly channels: number;
  readonly stride: number;
}

/** Checks `shape` against the element count and finds the channel axis (PyTorch's axis 1 by default). */
export function channelLayout(length: number, shape?: readonly number[], channelAxis = 1): ChannelLayout | undefined {
  if (shape === undefined) return undefined;
  const sizes: unknown = shape;
  if (!Array.isArray(sizes) || !sizes.every((size: unknown) => Number.isInteger(size) && (size as number) >= 0)) {
    throw new RectifyError('SHAPE_MISMATCH', `Shape ${JSON.stringify(shape)} must be an array of non-negative integers.`, { shape });
  }
  const product = shape.reduce((total, size) => total * size, 1);
  if (product !== length) {
    throw new RectifyError('SHAPE_MISMATCH', `Shape [${shape.join(', ')}] holds ${product} elements but the input has ${length}.`, { shape, length });
  }
  if (shape.length < 2) return { channels: 1, stride: Math.max(length, 1) };
  if (!Number.isInteger(channelAxis) || channelAxis < 0 || channelAxis >= shape.length) {
    throw new RectifyError('INVALID_OPTION', `Channel axis ${channelAxis} is outside a ${shape.length}-D shape.`, { channelAxis, shape });
  }
  const stride = shape.slice(channelAxis + 1).reduce((total, size) => total * size, 1);
  return { channels: shape[channelAxis] ?? 1, stride };
}

const isNumberArray = (value: unknown): value is ArrayLike<number> =>
  ArrayBuffer.isView(value) ? !(value instanceof DataView) && typeof (value as { length?: unknown }).length === 'number' : Array.isArray(value);

function resolveNumber(definition: ActivationDefinition, name: string, spec: ParamSpec, raw: unknown): number {
  let value = raw;
  if (typeof raw === 'string') {
    const index = spec.choices?.indexOf(raw) ?? -1;
    if (index < 0) {
      const expected = spec.choices === undefined ? 'a number' : `one of ${spec.choices.map((c) => `"${c}"`).join(', ')}`;
      throw new RectifyError('INVALID_PARAM_TYPE', `Parameter "${name}" of "${definition.id}" must be ${expected}, got "${raw}".`, { id: definition.id, name });
    }
    value = index;
  }
  if (typeof value !== 'number') {
    throw new RectifyError('INVALID_PARAM_TYPE', `Parameter "${name}" of "${definition.id}" must be a number${spec.perChannel === true ? ' or one number per channel' : ''}, got ${typeof raw}.`, { id: definition.id, name });
  }
  if (!Number.isFinite(value)) {
    throw new RectifyError('NON_FINITE_VALUE', `Parameter "${name}" of "${definition.id}" must be finite, got ${value}.`, { id: definition.id, name, value });
  }
  if (!inRange(spec, value) || (spec.integer === true && !Number.isInteger(value))) {
    const kind = spec.integer === true ? 'an integer in' : 'in';
    throw new RectifyError('PARAM_OUT_OF_RANGE', `Parameter "${name}" of "${definition.id}" must be ${kind} ${describeRange(spec)}, got ${value}.`, { id: definition.id, name, value });
  }
  return value;
}

/**
 * Validates caller parameters against the definition and fills in defaults. Per-channel values need
 * a layout; an array of length 1 counts as a scalar.
 */
export function resolveParams(definition: ActivationDefinition, values: unknown = {}, layout?: ChannelLayout): ResolvedParams {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new RectifyError('INVALID_PARAM_TYPE', `Parameters for "${definition.id}" must be an object of name: value.`, { id: definition.id });
  }
  const given = values as Record<string, unknown>;
  for (const name in given) {
    if (Object.hasOwn(given, name) && !Object.hasOwn(definition.params, name)) {
      const declared = Object.keys(definition.params);
      const suggestions = closestMatches(name, declared);
      const hint = declared.length === 0 ? ' It takes no parameters.' : ` Its parameters: ${declared.join(', ')}.${suggestions.length > 0 ? ` Did you mean "${suggestions[0] ?? ''}"?` : ''}`;
      throw new RectifyError('UNKNOWN_PARAMETER', `"${definition.id}" has no parameter "${name}".${hint}`, { id: definition.id, name, suggestions });
    }
  }
  const resolved: Record<string, ResolvedParam> = {};
  for (const name in definition.params) {
    const spec = Object.hasOwn(definition.params, name) ? definition.params[name] : undefined;
    if (spec === undefined) continue;
    const raw = given[name];
    if (raw === undefined) {
      resolved[name] = { kind: 'scalar', value: spec.default };
    } else if (isNumberArray(raw)) {
      if (spec.perChannel !== true) {
        throw new RectifyError('INVALID_PARAM_TYPE', `Parameter "${name}" of "${definition.id}" is a single number, not per-channel; got an array.`, { id: definition.id, name });
      }
      const channelValues = new Float64Array(raw.length);
      for (let index = 0; index < raw.length; index++) channelValues[index] = resolveNumber(definition, name, spec, raw[index]);
      if (channelValues.length === 1) {
        resolved[name] = { kind: 'scalar', value: channelValues[0] ?? spec.default };
        continue;
      }
      if (layout === undefined) {
        throw new RectifyError('SHAPE_MISMATCH', `Parameter "${name}" of "${definition.id}" has ${channelValues.length} per-channel values; pass the input's shape so channels (axis 1) are known.`, { id: definition.id, name });
      }
      if (channelValues.length !== layout.channels) {
        throw new RectifyError('PARAM_LENGTH_MISMATCH', `Parameter "${name}" of "${definition.id}" has ${channelValues.length} values but the input has ${layout.channels} channels.`, { id: definition.id, name, expected: layout.channels, actual: channelValues.length });
      }
      resolved[name] = { kind: 'channel', values: channelValues };
    } else {
      resolved[name] = { kind: 'scalar', value: resolveNumber(definition, name, spec, raw) };
    }
  }
  return resolved;
}
