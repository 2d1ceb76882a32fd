import type { ActivationDefinition } from '../definition/definition.js';
import { definitionFromJSON } from '../definition/json.js';
import { maxExpressionDepth, maxExpressionNodes } from '../ir/parse.js';

/**
 * Text that would break out of a string, a comment or a function in JavaScript or WGSL if a code
 * generator printed it. Definitions may carry it in their documentation, never in generated code.
 */
export const injectionTexts: readonly string[] = [
  '"; process.exit(1); //',
  "'); globalThis.pwned = true; ('",
  '`${globalThis.pwned = true}`',
  '*/ fn main() { } /*',
  '}); fn main() -> f32 { return 1.0; } //',
  'line one\nline two\r\n\u2028',
  '</script><script>globalThis.pwned = true</script>',
];

type Json = Record<string, unknown>;
const node = (op: string, ...args: Json[]): Json => ({ op, args });
const constant = (value: number): Json => ({ op: 'const', value });
const input: Json = { op: 'input' };

const docs = (name: string, text: string): Json => ({ name, latex: String.raw`f(x)`, description: `${text} Description carrying ${JSON.stringify(text)}.` });

/**
 * A chain as deep as the parser allows: every level clamps x into a window that widens by one step,
 * so the result stays exact in float32 and a backend that drops or reorders a level gives a
 * different answer. Adds one constant pair per level.
 */
function deepestChain(): Json {
  let expression: Json = input;
  // Each level is min(max(e, lo), hi): three nested nodes of depth, so the chain stops a few short of the limit.
  const levels = Math.floor((maxExpressionDepth - 2) / 2);
  for (let level = 0; level < levels; level++) {
    const width = 1 + level / 8;
    expression = node('min', node('max', expression, constant(-width)), constant(width));
  }
  return expression;
}

/** A balanced sum as wide as the node budget allows; its terms are exact, so the sum is too. */
function widestSum(): Json {
  const terms: Json[] = [];
  // Each term is select(x > c, 1, 0): six nodes with the comparison and constants; one add joins each
  // further term, and the final mul and x take two more.
  const count = Math.floor((maxExpressionNodes - 2) / 7);
  for (let index = 0; index < count; index++) terms.push({ op: 'select', cond: node('gt', input, constant(index / 16 - 8)), args: [constant(1), constant(0)] });
  while (terms.length > 1) {
    const next: Json[] = [];
    for (let index = 0; index < terms.length; index += 2) {
      const a = terms[index] ?? constant(0);
      const b = terms[index + 1];
      next.push(b === undefined ? a : node('add', a, b));
    }
    terms.splice(0, terms.length, ...next);
  }
  return node('mul', terms[0] ?? constant(0), input);
}

/**
 * Definitions that are valid but written to break a careless generator: code in every text field,
 * extreme constants, the deepest and the widest expressions the parser accepts. Every backend must
 * compile them safely and agree with the reference.
 */
export function hostileButValidDefinitions(): ActivationDefinition[] {
  const texts = injectionTexts;
  const text = (index: number): string => texts[index % texts.length] ?? '';
  return [
    definitionFromJSON({
      id: 'hostile/docs_with_code',
      specVersion: 1,
      params: { alpha: { default: 0.25, min: 0, max: 1, learnable: true, description: text(0) + text(3) } },
      forward: { op: 'select', cond: node('gt', input, constant(0)), args: [input, node('mul', { op: 'param', name: 'alpha' }, input)] },
      docs: docs(text(4), text(1) + text(2) + text(5) + text(6)),
    }),
    definitionFromJSON({
      id: 'hostile/extreme_constants',
      specVersion: 1,
      params: {},
      // The largest finite float32 and the smallest denormal: constants float32 holds exactly, at its edges.
      forward: node('add', node('min', node('mul', input, constant(3.4028234663852886e38)), constant(3.4028234663852886e38)), node('mul', constant(1.401298464324817e-45), input)),
      docs: docs('Extreme constants', 'Constants at the edges of float64 and float32.'),
    }),
    definitionFromJSON({ id: 'hostile/deepest', specVersion: 1, params: {}, forward: deepestChain(), docs: docs('Deepest', 'The deepest expression accepted.') }),
    definitionFromJSON({ id: 'hostile/widest', specVersion: 1, params: {}, forward: widestSum(), docs: docs('Widest', 'The widest expression accepted.') }),
  ];
}
