import { add, div, exp, expm1, gt, le, lt, mul, param, select, x } from '../ir/builders.js';
import type { NumNode } from '../ir/nodes.js';
import { describe, expect, it } from 'vitest';
import { nonPositiveExponentials } from './non-positive-exponentials.js';

const alpha = param('alpha');
const found = (...roots: NumNode[]): string[] => [...nonPositiveExponentials(roots)].map((node) => node.op);
const foundWithPositiveAlpha = (root: NumNode): string[] => [...nonPositiveExponentials([root], new Set(['alpha']))].map((node) => node.op);

describe('nonPositiveExponentials', () => {
  it("finds ELU's expm1 and its backward's exp, used only where x <= 0", () => {
    expect(found(select(gt(x, 0), x, mul(alpha, expm1(x))))).toEqual(['expm1']);
    expect(found(select(gt(x, 0), 1, mul(alpha, exp(x))))).toEqual(['exp']);
  });

  it('reads the branch from the comparison and its operand order', () => {
    expect(found(select(le(x, -1), exp(x), 0))).toEqual(['exp']);
    expect(found(select(lt(0, x), 0, exp(x)))).toEqual(['exp']);
    expect(found(select(lt(x, 0), 0, exp(x)))).toEqual([]);
  });

  it('leaves an exponential that is also used where x may be positive', () => {
    const e = exp(x);
    expect(found(add(select(gt(x, 0), 0, e), e))).toEqual([]);
    expect(found(select(gt(x, 0), e, 0))).toEqual([]);
  });

  it("accepts x scaled by a positive constant or a parameter declared positive (CELU's x / alpha)", () => {
    const celu = select(gt(x, 0), x, mul(alpha, expm1(div(x, alpha))));
    expect(foundWithPositiveAlpha(celu)).toEqual(['expm1']);
    expect(found(celu)).toEqual([]);
    expect(found(select(gt(x, 0), x, exp(mul(2, x))))).toEqual(['exp']);
    expect(found(select(gt(x, 0), x, exp(mul(-2, x))))).toEqual([]);
    expect(foundWithPositiveAlpha(select(gt(x, 0), x, exp(div(alpha, x))))).toEqual([]);
  });

  it('needs the bound to be a constant at or below zero and the argument to have the sign of x', () => {
    expect(found(select(gt(x, 1), x, exp(x)))).toEqual([]);
    expect(found(select(gt(x, alpha), x, exp(x)))).toEqual([]);
    expect(found(select(gt(x, 0), x, exp(add(x, 1))))).toEqual([]);
  });
});
