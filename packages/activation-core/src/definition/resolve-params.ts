import { RectifyError } from '../errors.js';
import { closestMatches } from '../registry/suggest.js';
import type { ActivationDefinition } from './definition.js';
import type { ParamSpec } from './param-spec.js';
import { describeRange, inRange } from './param-spec.js';

/**
 * A parameter after validation: one value, or one value per channel. Per-channel values given as a
 * Float32Array or Float64Array are that array itself, not a copy, so they hold for the call in
 * progress: a backend reads them before it returns or awaits.
 */
export type ResolvedParam = { readonly kind: 'scalar'; readonly value: number } | { readonly kind: 'channel'; readonly values: ArrayLike<number> };
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
  if (!Array.isArray(sizes)) throw new RectifyError('SHAPE_MISMATCH', `Shape ${JSON.stringify(shape)} must be an array of non-negative integers.`, { shape });
  let product = 1;
  for (const size of sizes as unknown[]) {
    if (!Number.isInteger(size) || (size as number) < 0) {
      throw new RectifyError('SHAPE_MISMATCH', `Shape ${JSON.stringify(shape)} must be an array of non-negative integers.`, { shape });
    }
    product *= size as number;
  }
  if (product !== length) {
    throw new RectifyError('SHAPE_MISMATCH', `Shape [${shape.join(', ')}] holds ${product} elements but the input has ${length}.`, { shape, length });
  }
  if (shape.length < 2) return { channels: 1, stride: Math.max(length, 1) };
  if (!Number.isInteger(channelAxis) || channelAxis < 0 || channelAxis >= shape.length) {
    throw new RectifyError('INVALID_OPTION', `Channel axis ${channelAxis} is outside a ${shape.length}-D shape.`, { channelAxis, shape });
  }
  let stride = 1;
  for (let axis = channelAxis + 1; axis < shape.length; axis++) stride *= shape[axis] ?? 1;
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
 * Per-channel values, validated. A Float32Array or Float64Array is returned itself, not copied: a
 * typed array of more than 64 bytes costs about 0.6 µs to allocate, as much as a 1,000-element
 * kernel takes to run. Other arrays are copied value by value; so is a float array with a value
 * that fails the check, for the error that names it.
 */
function resolveChannelValues(definition: ActivationDefinition, name: string, spec: ParamSpec, raw: ArrayLike<number>): ArrayLike<number> {
  if ((raw instanceof Float32Array || raw instanceof Float64Array) && spec.choices === undefined && spec.integer !== true && allFiniteInRange(spec, raw)) return raw;
  const values = new Float64Array(raw.length);
  for (let index = 0; index < raw.length; index++) values[index] = resolveNumber(definition, name, spec, raw[index]);
  return values;
}

function allFiniteInRange(spec: ParamSpec, values: Float32Array | Float64Array): boolean {
  // An indexed loop: V8 runs for-of over a typed array several times slower.
  for (let index = 0; index < values.length; index++) {
    const value = values[index] ?? Number.NaN;
    if (!Number.isFinite(value) || !inRange(spec, value)) return false;
  }
  return true;
}

/** What a definition's last resolution was given (the value of each declared parameter, in order) and gave. */
interface Resolution {
  readonly raws: readonly unknown[];
  readonly resolved: ResolvedParams;
}

/** A frozen definition's parameter names, read once, and its last resolution of numbers and choices only. */
interface Remembered {
  readonly names: readonly string[];
  last: Resolution | undefined;
}

/**
 * Per frozen definition (as defineActivation makes them). Calls tend to repeat their parameters, and
 * checking them again took 90-210 ns, as long as a small relu call's kernel. Resolutions with a
 * per-channel array are not kept, as its values may change in place; kept ones are frozen, as they
 * are shared.
 */
const remembered = new WeakMap<ActivationDefinition, Remembered>();

/** Whether `given` (with no undeclared names) holds what `last` was given: the same value for every declared parameter. */
function repeats(given: Record<string, unknown>, names: readonly string[], last: Resolution): boolean {
  for (let index = 0; index < names.length; index++) {
    if (!Object.is(given[names[index] ?? ''], last.raws[index])) return false;
  }
  return true;
}

/**
 * Validates caller parameters against the definition and fills in defaults. Per-channel values need
 * a layout; an array of length 1 counts as a scalar. A result without per-channel values may be
 * handed to the next call that gives the same values too, so it is frozen.
 */
export function resolveParams(definition: ActivationDefinition, values: unknown = {}, layout?: ChannelLayout): ResolvedParams {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new RectifyError('INVALID_PARAM_TYPE', `Parameters for "${definition.id}" must be an object of name: value.`, { id: definition.id });
  }
  const given = values as Record<string, unknown>;
  rejectUndeclared(definition, given);
  let memory = remembered.get(definition);
  if (memory?.last !== undefined && repeats(given, memory.names, memory.last)) return memory.last.resolved;
  const raws: unknown[] = [];
  const resolved = resolveGiven(definition, given, layout, raws);
  if (memory === undefined && Object.isFrozen(definition.params)) {
    memory = { names: Object.keys(definition.params), last: undefined };
    remembered.set(definition, memory);
  }
  if (memory?.names.length === raws.length && raws.every((raw) => typeof raw !== 'object')) {
    for (const name in resolved) Object.freeze(resolved[name]);
    memory.last = { raws, resolved: Object.freeze(resolved) };
  }
  return resolved;
}

/** Throws UNKNOWN_PARAMETER, with the declared names and the closest one, for a name the definition does not declare. */
function rejectUndeclared(definition: ActivationDefinition, given: Record<string, unknown>): void {
  for (const name in given) {
    if (Object.hasOwn(given, name) && !Object.hasOwn(definition.params, name)) {
      const declared = Object.keys(definition.params);
      const suggestions = closestMatches(name, declared);
      const hint = declared.length === 0 ? ' It takes no parameters.' : ` Its parameters: ${declared.join(', ')}.${suggestions.length > 0 ? ` Did you mean "${suggestions[0] ?? ''}"?` : ''}`;
      throw new RectifyError('UNKNOWN_PARAMETER', `"${definition.id}" has no parameter "${name}".${hint}`, { id: definition.id, name, suggestions });
    }
  }
}

/** Resolves `given` (with no undeclared names), adding the value it gives each declared parameter, in order, to `raws`. */
function resolveGiven(definition: ActivationDefinition, given: Record<string, unknown>, layout: ChannelLayout | undefined, raws: unknown[]): Record<string, ResolvedParam> {
  const resolved: Record<string, ResolvedParam> = {};
  for (const name in definition.params) {
    const spec = Object.hasOwn(definition.params, name) ? definition.params[name] : undefined;
    if (spec === undefined) continue;
    const raw = given[name];
    raws.push(raw);
    if (raw === undefined) {
      resolved[name] = { kind: 'scalar', value: spec.default };
    } else if (isNumberArray(raw)) {
      if (spec.perChannel !== true) {
        throw new RectifyError('INVALID_PARAM_TYPE', `Parameter "${name}" of "${definition.id}" is a single number, not per-channel; got an array.`, { id: definition.id, name });
      }
      const channelValues = resolveChannelValues(definition, name, spec, raw);
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
