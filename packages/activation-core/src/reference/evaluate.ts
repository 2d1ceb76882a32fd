import type { ActivationAnalysis } from '../analysis/analyze.js';
import { analyze, containsOp } from '../analysis/analyze.js';
import type { ActivationDefinition } from '../definition/definition.js';
import type { ChannelLayout, ResolvedParams } from '../definition/resolve-params.js';
import { channelLayout, resolveParams } from '../definition/resolve-params.js';
import { RectifyError } from '../errors.js';
import type { NumNode } from '../ir/nodes.js';
import type { EvaluationEnvironment } from './evaluate-expression.js';
import { evaluateExpression } from './evaluate-expression.js';

export interface ReferenceOptions {
  /** The input's shape; needed for per-channel parameters (channels on `channelAxis`). */
  readonly shape?: readonly number[];
  /** Defaults to 1, PyTorch's channel axis. */
  readonly channelAxis?: number;
  /** Training mode: `uniform()` draws per element (RReLU's random slope). Defaults to false. */
  readonly training?: boolean;
  /** Seed of the counter-based generator used in training mode. Defaults to 0. */
  readonly seed?: number;
  /** Round element-independent values to float32 first, as float32 backends do. Defaults to false. */
  readonly float32Uniforms?: boolean;
  /** Use the derivative derived from `forward` even when the definition supplies its own. */
  readonly derived?: boolean;
  /**
   * The forward output y to use where a derivative is written in terms of it, as a backend given
   * `BackwardOptions.output` reads it; by default y is the float64 forward value.
   */
  readonly output?: ArrayLike<number>;
}

interface Prepared {
  readonly environment: EvaluationEnvironment;
  readonly output: Float64Array | undefined;
  readonly layout: ChannelLayout | undefined;
  readonly params: ResolvedParams;
}

function prepare(definition: ActivationDefinition, input: ArrayLike<number>, params: unknown, options: ReferenceOptions): Prepared {
  const values = Float64Array.from({ length: input.length }, (_, index) => input[index] ?? Number.NaN);
  const layout = channelLayout(values.length, options.shape, options.channelAxis ?? 1);
  const resolved = resolveParams(definition, params, layout);
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new RectifyError('INVALID_OPTION', `seed must be an integer, got ${seed}.`, { seed });
  const environment: EvaluationEnvironment = {
    input: values,
    params: resolved,
    ...(layout === undefined ? {} : { layout }),
    training: options.training ?? false,
    seed,
    float32Uniforms: options.float32Uniforms ?? false,
  };
  if (options.output !== undefined && options.output.length !== values.length) {
    throw new RectifyError('SHAPE_MISMATCH', `output has ${options.output.length} elements but the input has ${values.length}.`);
  }
  const output = options.output === undefined ? undefined : Float64Array.from(options.output);
  return { environment, output, layout, params: resolved };
}

/** d/dx as a backend uses it: written from the output when the caller gives y, else the definition's. */
function givenDerivative(analysis: ActivationAnalysis, options: ReferenceOptions): NumNode {
  return options.output === undefined ? analysis.derivative : analysis.derivativeFromOutput;
}

function withOutput(definition: ActivationDefinition, expression: NumNode, prepared: Prepared): Float64Array {
  const { environment } = prepared;
  const needsOutput = containsOp(expression, 'output');
  const output = needsOutput ? (prepared.output ?? evaluateExpression(definition.forward, environment)) : undefined;
  return evaluateExpression(expression, output === undefined ? environment : { ...environment, output });
}

/** f(x) for every element, in float64. */
export function referenceForward(definition: ActivationDefinition, input: ArrayLike<number>, params?: unknown, options: ReferenceOptions = {}): Float64Array {
  return evaluateExpression(definition.forward, prepare(definition, input, params, options).environment);
}

/** f'(x) for every element, in float64. */
export function referenceDerivative(definition: ActivationDefinition, input: ArrayLike<number>, params?: unknown, options: ReferenceOptions = {}): Float64Array {
  const analysis = analyze(definition);
  const expression = options.derived === true ? analysis.derivedDerivative : givenDerivative(analysis, options);
  return withOutput(definition, expression, prepare(definition, input, params, options));
}

/** ∂f(x)/∂param for every element, in float64. */
export function referenceParamDerivative(definition: ActivationDefinition, name: string, input: ArrayLike<number>, params?: unknown, options: ReferenceOptions = {}): Float64Array {
  const analysis = analyze(definition);
  const table = options.derived === true ? analysis.derivedParamDerivatives : analysis.paramDerivatives;
  const expression = table[name];
  if (expression === undefined) {
    throw new RectifyError('UNKNOWN_PARAMETER', `"${definition.id}" has no parameter "${name}".`, { id: definition.id, name });
  }
  return withOutput(definition, expression, prepare(definition, input, params, options));
}

export interface ReferenceBackwardResult {
  readonly gradInput: Float64Array;
  /** For each learnable parameter: a sum over all elements, or one sum per channel when given per channel. */
  readonly gradParams: Readonly<Record<string, number | Float64Array>>;
}

/** Input and parameter gradients for an upstream gradient, in float64. */
export function referenceBackward(
  definition: ActivationDefinition,
  input: ArrayLike<number>,
  gradOutput: ArrayLike<number>,
  params?: unknown,
  options: ReferenceOptions = {},
): ReferenceBackwardResult {
  if (gradOutput.length !== input.length) {
    throw new RectifyError('SHAPE_MISMATCH', `gradOutput has ${gradOutput.length} elements but the input has ${input.length}.`);
  }
  const analysis = analyze(definition);
  const prepared = prepare(definition, input, params, options);
  const derivative = withOutput(definition, givenDerivative(analysis, options), prepared);
  const gradInput = derivative.map((value, index) => value * (gradOutput[index] ?? 0));
  const gradParams: Record<string, number | Float64Array> = {};
  for (const name of analysis.learnableParams) {
    const expression = analysis.paramDerivatives[name];
    if (expression === undefined) continue;
    const partial = withOutput(definition, expression, prepared);
    const resolved = prepared.params[name];
    if (resolved?.kind === 'channel' && prepared.layout !== undefined) {
      const { channels, stride } = prepared.layout;
      const sums = new Float64Array(channels);
      partial.forEach((value, index) => {
        const channel = Math.floor(index / stride) % channels;
        sums[channel] = (sums[channel] ?? 0) + value * (gradOutput[index] ?? 0);
      });
      gradParams[name] = sums;
    } else {
      gradParams[name] = partial.reduce((total, value, index) => total + value * (gradOutput[index] ?? 0), 0);
    }
  }
  return { gradInput, gradParams };
}

/** Scalar conveniences for tables and docs: f(x), f'(x). */
export const referenceAt = (definition: ActivationDefinition, value: number, params?: unknown): number => referenceForward(definition, [value], params)[0] ?? Number.NaN;
export const referenceDerivativeAt = (definition: ActivationDefinition, value: number, params?: unknown): number => referenceDerivative(definition, [value], params)[0] ?? Number.NaN;
