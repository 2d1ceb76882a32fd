import { describe, expect, it } from 'vitest';
import { isRectifyError } from '../errors.js';
import type { RectifyErrorCode } from '../errors.js';
import { leakyRelu } from '../builtins/leaky-relu.js';
import { definitionFromJSON, definitionToJSON } from './json.js';

const base = JSON.parse(JSON.stringify(definitionToJSON(leakyRelu))) as Record<string, unknown>;

function expectRejected(json: unknown, code: RectifyErrorCode): void {
  let caught: unknown;
  try {
    definitionFromJSON(json);
  } catch (error) {
    caught = error;
  }
  expect(isRectifyError(caught, code), `expected ${code}, got ${String(caught)}`).toBe(true);
}

describe('definitions loaded from JSON cannot carry code into a generator', () => {
  it('accepts the JSON of a real definition', () => {
    expect(definitionFromJSON(base).id).toBe('leaky_relu');
  });

  it.each(['leaky_relu"; process.exit(1); //', 'a\nb', 'ok/../../etc', '<script>', 'x`${1}`'])('rejects the id %j', (id) => {
    expectRejected({ ...base, id }, 'INVALID_IDENTIFIER');
  });

  it.each(['alpha; fetch(1)', 'al pha', '__proto__', 'constructor', '0alpha', 'α'])('rejects the parameter name %j', (name) => {
    const params = { [name]: { default: 1, description: 'bad' } };
    expectRejected({ ...base, params, forward: { op: 'param', name } }, 'INVALID_IDENTIFIER');
  });

  it.each([
    [{ op: 'const', value: '1); evil(' }, 'NON_FINITE_CONSTANT'],
    [{ op: 'const', value: null }, 'NON_FINITE_CONSTANT'],
    [JSON.parse('{"op": "const", "value": 1e999}') as unknown, 'NON_FINITE_CONSTANT'],
    [{ op: 'eval', args: [] }, 'UNKNOWN_PRIMITIVE'],
    [{ op: 'add', args: [{ op: 'input' }] }, 'WRONG_ARITY'],
    [{ op: 'param', name: 'beta' }, 'UNKNOWN_PARAMETER'],
    [{ op: 'input', extra: 'ignored fields never reach the definition' }, undefined],
  ] as const)('validates the expression %j', (forward, code) => {
    if (code === undefined) {
      const definition = definitionFromJSON({ ...base, forward });
      expect(definition.forward).toEqual({ op: 'input' });
    } else {
      expectRejected({ ...base, forward }, code);
    }
  });

  it('rejects a specVersion it does not know', () => {
    expectRejected({ ...base, specVersion: 2 }, 'UNSUPPORTED_SPEC_VERSION');
  });
});
