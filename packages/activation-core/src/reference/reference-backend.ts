import type { Backend, BackwardResult } from '../backend/types.js';
import { checkBackwardCall, checkForwardCall } from '../backend/validate-call.js';
import type { Registry } from '../registry/registry.js';
import type { ReferenceOptions } from './evaluate.js';
import { referenceBackward, referenceForward } from './evaluate.js';

function referenceOptions(options: { shape?: readonly number[]; channelAxis?: number; training?: boolean; seed?: number; output?: Float32Array }): ReferenceOptions {
  return {
    float32Uniforms: true,
    ...(options.shape === undefined ? {} : { shape: options.shape }),
    ...(options.channelAxis === undefined ? {} : { channelAxis: options.channelAxis }),
    ...(options.training === undefined ? {} : { training: options.training }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.output === undefined ? {} : { output: options.output }),
  };
}

/**
 * A slow but exact backend: float64 evaluation rounded once to float32. It is the oracle the
 * conformance suite compares real backends with, and it implements the same argument checks.
 */
export function createReferenceBackend(registry: Registry): Backend {
  return {
    name: 'reference',
    registry,
    forward(id, rawInput, params, rawOptions) {
      const definition = registry.get(id);
      const { input, target, options } = checkForwardCall(rawInput, rawOptions);
      const values = referenceForward(definition, input, params, referenceOptions(options));
      const output = target ?? new Float32Array(input.length);
      output.set(values);
      return output;
    },
    backward(id, rawInput, rawGradOutput, params, rawOptions): BackwardResult {
      const definition = registry.get(id);
      const { input, gradOutput, target, options } = checkBackwardCall(rawInput, rawGradOutput, rawOptions);
      const result = referenceBackward(definition, input, gradOutput, params, referenceOptions(options));
      const gradInput = target ?? new Float32Array(input.length);
      gradInput.set(result.gradInput);
      const wanted = options.paramGradients === false ? [] : Object.entries(result.gradParams);
      const gradParams = Object.fromEntries(wanted.map(([name, value]) => [name, typeof value === 'number' ? Math.fround(value) : Float32Array.from(value)]));
      return { gradInput, gradParams };
    },
  };
}
