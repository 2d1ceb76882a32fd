import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend/types.js';
import { builtinActivations } from '../builtins/index.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import { createRegistry } from '../registry/registry.js';
import { describeConformance } from './conformance.js';
import type { DeclaredTestOutcome } from './run-declared-tests.js';
import { runDeclaredTests } from './run-declared-tests.js';

/** Runs the suite without the test runner and reports each case's outcome. */
const runSuite = (backend: Backend, ids: readonly string[]): Promise<DeclaredTestOutcome[]> => runDeclaredTests((test) => { describeConformance(test, { backend, ids }); });

const failuresOf = (outcomes: readonly DeclaredTestOutcome[]): string[] => outcomes.filter((outcome) => outcome.error !== undefined).map((outcome) => outcome.name);

/** A backend that behaves like the reference except where `tamper` changes its results. */
function tampered(name: string, tamper: Partial<Pick<Backend, 'forward' | 'backward'>>): Backend {
  const honest = createReferenceBackend(createRegistry({ activations: builtinActivations }));
  return { ...honest, name, ...tamper };
}

describe('the conformance suite catches broken backends', () => {
  const honest = createReferenceBackend(createRegistry({ activations: builtinActivations }));

  it('passes an honest backend', async () => {
    expect(failuresOf(await runSuite(honest, ['relu', 'prelu', 'rrelu', 'elu']))).toEqual([]);
  });

  it('fails a backend that turns NaN into 0', async () => {
    const backend = tampered('nan-to-zero', {
      forward: (id, input, params, options) => {
        const output = honest.forward(id, input, params, options) as Float32Array;
        return output.map((value) => (Number.isNaN(value) ? 0 : value));
      },
    });
    const failed = failuresOf(await runSuite(backend, ['relu']));
    expect(failed).toContain('conformance: nan-to-zero > relu > propagates NaN and keeps infinities as the reference does');
  });

  it('fails a backend one ulp off on an activation that must be exact', async () => {
    const backend = tampered('one-ulp-off', {
      forward: (id, input, params, options) => {
        const output = honest.forward(id, input, params, options) as Float32Array;
        return output.map((value) => (value < 0 ? value * (1 + 2 ** -23) : value));
      },
    });
    const failed = failuresOf(await runSuite(backend, ['leaky_relu']));
    expect(failed).toContain('conformance: one-ulp-off > leaky_relu > forward matches the float64 reference on random, special and kink inputs');
  });

  it('fails a backend that writes past the input length into out', async () => {
    const backend = tampered('overrun', {
      forward: (id, input, params, options) => {
        const output = honest.forward(id, input, params, options) as Float32Array;
        if (options?.out !== undefined && options.out.length > input.length) options.out[input.length] = 0;
        return output;
      },
    });
    expect(failuresOf(await runSuite(backend, ['relu']))).toContain("conformance: overrun > relu > handles every tail length (0..9, n mod 4 = 0..3) and leaves the rest of `out` untouched");
  });

  it('fails a backend that ignores per-channel slopes', async () => {
    const backend = tampered('first-channel-only', {
      forward: (id, input, params, options) => {
        const alpha: unknown = (params as Record<string, unknown> | undefined)?.['alpha'];
        const first = (alpha instanceof Float32Array ? { alpha: alpha[0] ?? 0 } : params) as typeof params;
        const { shape: _shape, ...rest } = options ?? {};
        return honest.forward(id, input, first, rest);
      },
    });
    expect(failuresOf(await runSuite(backend, ['prelu']))).toContain('conformance: first-channel-only > prelu > per-channel parameters follow channel axis 1 in 2-D and 4-D shapes');
  });

  it('fails a backend whose training draws ignore the seed', async () => {
    const backend = tampered('fixed-seed', {
      forward: (id, input, params, options) => honest.forward(id, input, params, { ...options, seed: 1 }),
    });
    expect(failuresOf(await runSuite(backend, ['rrelu']))).toContain('conformance: fixed-seed > rrelu > training mode repeats for a seed and matches the reference draws');
  });

  it('fails a backend with a wrong input gradient', async () => {
    const backend = tampered('double-gradient', {
      backward: (id, input, gradOutput, params, options) => {
        const result = honest.backward(id, input, gradOutput, params, options) as Awaited<ReturnType<Backend['backward']>>;
        return { ...result, gradInput: result.gradInput.map((value) => value * 2) };
      },
    });
    expect(failuresOf(await runSuite(backend, ['elu']))).toContain('conformance: double-gradient > elu > backward matches the reference for the input and learnable parameters');
  });

  it('fails a backend that recomputes the output it was given', async () => {
    const backend = tampered('ignores-output', {
      backward: (id, input, gradOutput, params, options) => {
        const { output: _ignored, ...recomputing } = options ?? {};
        return honest.backward(id, input, gradOutput, params, recomputing);
      },
    });
    expect(failuresOf(await runSuite(backend, ['elu', 'relu']))).toEqual([
      'conformance: ignores-output > elu > backward from a saved forward output reads it where the derivative is written in terms of it',
    ]);
  });
});
