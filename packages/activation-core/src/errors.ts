/** Stable machine-readable codes for every failure Rectify reports. */
export type RectifyErrorCode =
  | 'UNKNOWN_ACTIVATION'
  | 'ID_COLLISION'
  | 'MALFORMED_DEFINITION'
  | 'UNKNOWN_PRIMITIVE'
  | 'WRONG_ARITY'
  | 'TYPE_MISMATCH'
  | 'NON_FINITE_CONSTANT'
  | 'INVALID_IDENTIFIER'
  | 'UNKNOWN_PARAMETER'
  | 'UNDIFFERENTIABLE'
  | 'UNSUPPORTED_SPEC_VERSION'
  | 'INVALID_PARAM_TYPE'
  | 'PARAM_OUT_OF_RANGE'
  | 'PARAM_LENGTH_MISMATCH'
  | 'NON_FINITE_VALUE'
  | 'SHAPE_MISMATCH'
  | 'INVALID_DTYPE'
  | 'INVALID_OPTION'
  | 'INVALID_PLUGIN'
  | 'DEVICE_LOST'
  | 'MODEL_FILE_TRUNCATED'
  | 'MODEL_FILE_CORRUPT'
  | 'MODEL_FILE_INCOMPATIBLE';

/** The one error type Rectify throws; `code` is stable across releases, `message` names the problem. */
export class RectifyError extends Error {
  readonly code: RectifyErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: RectifyErrorCode, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super(message);
    this.name = 'RectifyError';
    this.code = code;
    this.details = details;
  }
}

export function isRectifyError(value: unknown, code?: RectifyErrorCode): value is RectifyError {
  return value instanceof RectifyError && (code === undefined || value.code === code);
}
