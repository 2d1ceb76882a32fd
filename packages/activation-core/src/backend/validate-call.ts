import { RectifyError } from '../errors.js';
import type { BackwardOptions, ForwardOptions } from './types.js';

function assertFloat32(value: unknown, what: string): asserts value is Float32Array {
  if (!(value instanceof Float32Array)) {
    const actual = value === null ? 'null' : ArrayBuffer.isView(value) ? value.constructor.name : Array.isArray(value) ? 'Array' : typeof value;
    throw new RectifyError('INVALID_DTYPE', `${what} must be a Float32Array, got ${actual}.`, { what, actual });
  }
}

function assertOptions(options: unknown): asserts options is ForwardOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new RectifyError('INVALID_OPTION', 'options must be an object.');
  }
}

function destination(source: Float32Array, options: ForwardOptions | BackwardOptions, sourceName: string): Float32Array | undefined {
  if (options.inPlace === true && options.out !== undefined) {
    throw new RectifyError('INVALID_OPTION', 'Pass either inPlace or out, not both.');
  }
  if (options.out !== undefined) {
    assertFloat32(options.out, 'out');
    if (options.out.length < source.length) {
      throw new RectifyError('SHAPE_MISMATCH', `out holds ${options.out.length} elements but ${source.length} are needed.`, { expected: source.length, actual: options.out.length });
    }
    return options.out;
  }
  if (options.inPlace === true) return source;
  if (options.inPlace !== undefined && typeof options.inPlace !== 'boolean') {
    throw new RectifyError('INVALID_OPTION', `inPlace must be a boolean (overwriting ${sourceName}).`);
  }
  return undefined;
}

/** Whether two views share bytes; offsets first, as reading `buffer` of a view of WebAssembly memory is slow. */
function overlap(a: Float32Array, b: Float32Array): boolean {
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength && a.buffer === b.buffer;
}

/** The saved forward output of a backward call: a Float32Array of the input's length, aliasing none of the other arrays. */
function checkSavedOutput(output: unknown, input: Float32Array, gradOutput: Float32Array, target: Float32Array | undefined): void {
  if (output === undefined) return;
  assertFloat32(output, 'output');
  if (output.length !== input.length) {
    throw new RectifyError('SHAPE_MISMATCH', `output has ${output.length} elements but the input has ${input.length}.`, { expected: input.length, actual: output.length });
  }
  const shared = overlap(output, input) ? 'input' : overlap(output, gradOutput) ? 'gradOutput' : target !== undefined && overlap(output, target) ? 'the gradient destination' : undefined;
  if (shared !== undefined) throw new RectifyError('INVALID_OPTION', `output must not share memory with ${shared}.`, { shares: shared });
}

/** `paramGradients` of a backward call: a boolean when given. */
export function checkParamGradients(value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new RectifyError('INVALID_OPTION', `paramGradients must be a boolean, got ${JSON.stringify(value)}.`, { paramGradients: value });
  }
}

/** Checks a forward call's arrays and options; returns the caller's buffer to write to, if any. */
export function checkForwardCall(input: unknown, options: unknown = {}): { input: Float32Array; target: Float32Array | undefined; options: ForwardOptions } {
  assertFloat32(input, 'input');
  assertOptions(options);
  const checked = options;
  return { input, target: destination(input, checked, 'the input'), options: checked };
}

/** Checks a backward call's arrays and options; returns the caller's buffer for the input gradient, if any. */
export function checkBackwardCall(input: unknown, gradOutput: unknown, options: unknown = {}): { input: Float32Array; gradOutput: Float32Array; target: Float32Array | undefined; options: BackwardOptions } {
  assertFloat32(input, 'input');
  assertFloat32(gradOutput, 'gradOutput');
  assertOptions(options);
  if (gradOutput.length !== input.length) {
    throw new RectifyError('SHAPE_MISMATCH', `gradOutput has ${gradOutput.length} elements but the input has ${input.length}.`, { expected: input.length, actual: gradOutput.length });
  }
  const checked: BackwardOptions = options;
  checkParamGradients(checked.paramGradients);
  const target = destination(gradOutput, checked, 'gradOutput');
  checkSavedOutput(checked.output, input, gradOutput, target);
  return { input, gradOutput, target, options: checked };
}
