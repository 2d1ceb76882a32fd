/** Lanes per invocation: scalar `f32` or `vec4<f32>`. */
export type Width = 1 | 4;

/** Storage precision; `f16` needs the device feature 'shader-f16'. */
export type Precision = 'f32' | 'f16';

/**
 * How a kernel's tensors are stored: `f32`, or `f16` (four halves packed in a vec2<u32>, converted
 * to and from float32 by their bits around float32 arithmetic; no device feature needed).
 */
export type Storage = 'f32' | 'f16';

/** The WGSL type names one kernel uses, so one generator serves scalars and vectors. */
export interface WgslTypes {
  readonly width: Width;
  readonly precision: Precision;
  /** The value type of the kernel's storage: f32, vec4<f32>, f16, vec4<f16>. */
  readonly value: string;
  /** The float32 type of the same width, in which the math helpers compute. */
  readonly f32: string;
  readonly u32: string;
  readonly i32: string;
}

export function wgslTypes(width: Width, precision: Precision): WgslTypes {
  const vec = (scalar: string): string => (width === 1 ? scalar : `vec4<${scalar}>`);
  return { width, precision, value: vec(precision), f32: vec('f32'), u32: vec('u32'), i32: vec('i32') };
}

/** A WGSL floating-point literal (finite values only): integers get a `.0`, others print exactly. */
export function floatLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`no WGSL literal for ${value}`);
  if (Object.is(value, -0)) return '-0.0';
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}
