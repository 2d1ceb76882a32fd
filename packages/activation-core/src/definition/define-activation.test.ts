import { describe, it, expect } from 'vitest';
import { builtinActivations } from '../builtins/index.js';
import type { RectifyErrorCode } from '../errors.js';
import { RectifyError } from '../errors.js';
import { gt, mul, select } from '../ir/builders.js';
import type { NumNode } from '../ir/nodes.js';
import { defineActivation } from './define-activation.js';
import { definitionFromJSON, definitionToJSON } from './json.js';

function expectCode(run: () => unknown, code: RectifyErrorCode): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a RectifyError ${code}`).toBeInstanceOf(RectifyError);
  expect(caught instanceof RectifyError ? caught.code : undefined).toBe(code);
}

const docs = { name: 'Test', latex: 'f(x)=x', description: 'A test activation.' };
const identityForward = (x: NumNode): NumNode => x;
const slopeJSON = {
  id: 'slope',
  specVersion: 1,
  params: { alpha: { default: 0.5, description: 'Slope.' } },
  forward: { op: 'mul', args: [{ op: 'param', name: 'alpha' }, { op: 'input' }] },
  docs,
};

describe('defineActivation rejects', () => {
  it.each(['Bad Id', 'relu;drop', 'a/b/c', '', 'Relu', '1relu', 'acme/', '/relu'])('the id %j (INVALID_IDENTIFIER)', (id) => {
    expectCode(() => defineActivation({ id, specVersion: 1, forward: identityForward, docs }), 'INVALID_IDENTIFIER');
  });

  it('accepts snake_case and namespace/name ids', () => {
    expect(defineActivation({ id: 'my_act', specVersion: 1, forward: identityForward, docs }).id).toBe('my_act');
    expect(defineActivation({ id: 'acme/bent_relu', specVersion: 1, forward: identityForward, docs }).id).toBe('acme/bent_relu');
  });

  it.each([0, 2, 1.5])('specVersion %d (UNSUPPORTED_SPEC_VERSION)', (specVersion) => {
    expectCode(() => defineActivation({ id: 'a', specVersion, forward: identityForward, docs }), 'UNSUPPORTED_SPEC_VERSION');
  });

  it('a default outside the range (PARAM_OUT_OF_RANGE), exclusive bounds included', () => {
    const define = (alpha: { default: number; min?: number; max?: number; exclusiveMin?: boolean }) => () =>
      defineActivation({ id: 'a', specVersion: 1, params: { alpha: { ...alpha, description: 'd' } }, forward: (x, p) => mul(p.alpha, x), docs });
    expectCode(define({ default: 2, min: 0, max: 1 }), 'PARAM_OUT_OF_RANGE');
    expectCode(define({ default: -1, min: 0 }), 'PARAM_OUT_OF_RANGE');
    expectCode(define({ default: 0, min: 0, exclusiveMin: true }), 'PARAM_OUT_OF_RANGE');
    expectCode(define({ default: 0.5, min: 1, max: 0 }), 'MALFORMED_DEFINITION');
  });

  it('docs without a name, latex or description (MALFORMED_DEFINITION)', () => {
    for (const key of ['name', 'latex', 'description'] as const) {
      const partial = Object.fromEntries(Object.entries(docs).filter(([name]) => name !== key));
      expectCode(() => definitionFromJSON({ ...slopeJSON, docs: partial }), 'MALFORMED_DEFINITION');
      expectCode(() => defineActivation({ id: 'a', specVersion: 1, forward: identityForward, docs: { ...docs, [key]: '' } }), 'MALFORMED_DEFINITION');
    }
  });

  it('a learnable parameter that only appears in a comparison (UNDIFFERENTIABLE)', () => {
    const params = { t: { default: 0, learnable: true, description: 'Threshold.' } };
    expectCode(() => defineActivation({ id: 'a', specVersion: 1, params, forward: (x, p) => select(gt(x, p.t), x, 0), docs }), 'UNDIFFERENTIABLE');
    // The same parameter is fine when it is not learnable.
    const fixed = { t: { default: 0, description: 'Threshold.' } };
    expect(defineActivation({ id: 'a', specVersion: 1, params: fixed, forward: (x, p) => select(gt(x, p.t), x, 0), docs }).id).toBe('a');
  });

  it('paramDerivatives naming an undeclared parameter (UNKNOWN_PARAMETER)', () => {
    expectCode(() => definitionFromJSON({ ...slopeJSON, paramDerivatives: { beta: { op: 'input' } } }), 'UNKNOWN_PARAMETER');
    expect(definitionFromJSON({ ...slopeJSON, paramDerivatives: { alpha: { op: 'input' } } }).paramDerivatives).toEqual({ alpha: { op: 'input' } });
  });
});

/** Every object reachable from `value` is frozen. */
function expectDeeplyFrozen(value: unknown, path: string): void {
  if (typeof value !== 'object' || value === null) return;
  expect(Object.isFrozen(value), path).toBe(true);
  for (const [key, inner] of Object.entries(value)) expectDeeplyFrozen(inner, `${path}.${key}`);
}

describe('a definition', () => {
  it('is deeply frozen: params, expressions and docs', () => {
    const definition = defineActivation({
      id: 'a',
      specVersion: 1,
      params: { alpha: { default: 0.5, description: 'Slope.' } },
      forward: (x, p) => select(gt(x, 0), x, mul(p.alpha, x)),
      paramDerivatives: { alpha: (x) => select(gt(x, 0), 0, x) },
      docs: { ...docs, aliases: { pytorch: 'A' }, paper: { title: 'T' } },
    });
    expectDeeplyFrozen(definition, 'definition');
    for (const builtin of builtinActivations) expectDeeplyFrozen(builtin, builtin.id);
  });

  it('a derivativeFromOutput that does not use y (MALFORMED_DEFINITION)', () => {
    expectCode(() => defineActivation({ id: 'a', specVersion: 1, forward: identityForward, derivativeFromOutput: () => ({ op: 'const', value: 1 }), docs }), 'MALFORMED_DEFINITION');
    const kept = defineActivation({ id: 'a', specVersion: 1, forward: identityForward, derivativeFromOutput: (_x, _p, y) => select(gt(y, 0), 1, 1), docs });
    expect(kept.derivativeFromOutput).toBeDefined();
  });

  it('JSON keeps a derivative written from the output', () => {
    const elu = builtinActivations.find((definition) => definition.id === 'elu');
    const json = elu === undefined ? undefined : definitionToJSON(elu);
    expect(json?.derivativeFromOutput).toBeDefined();
    expect(definitionFromJSON(JSON.stringify(json)).derivativeFromOutput).toEqual(elu?.derivativeFromOutput);
  });

  it.each(builtinActivations.map((definition) => [definition.id, definition] as const))('%s round-trips through JSON text to equal JSON', (_, definition) => {
    const text = JSON.stringify(definitionToJSON(definition));
    const back = definitionFromJSON(text);
    expect(JSON.stringify(definitionToJSON(back))).toBe(text);
    expect(back.id).toBe(definition.id);
  });
});

describe('definitionFromJSON rejects', () => {
  it('unknown top-level fields', () => {
    expectCode(() => definitionFromJSON({ ...slopeJSON, extra: 1 }), 'MALFORMED_DEFINITION');
    expectCode(() => definitionFromJSON(JSON.stringify({ ...slopeJSON, code: 'alert(1)' })), 'MALFORMED_DEFINITION');
  });

  it('malformed JSON text and non-object JSON', () => {
    expectCode(() => definitionFromJSON('{"id": "slope", '), 'MALFORMED_DEFINITION');
    expectCode(() => definitionFromJSON('[]'), 'MALFORMED_DEFINITION');
    expectCode(() => definitionFromJSON('null'), 'MALFORMED_DEFINITION');
  });

  it('while accepting the valid object it is built from', () => {
    expect(definitionFromJSON(JSON.stringify(slopeJSON)).params).toEqual({ alpha: { default: 0.5, description: 'Slope.' } });
  });
});
