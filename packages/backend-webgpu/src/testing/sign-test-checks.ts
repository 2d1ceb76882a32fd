import type { Registry } from '@rectify/activation-core';
import { eq, ge, gt, le, lt, select } from '@rectify/activation-core';
import type { WebGPUBackend } from '../index.js';
import { registerTestActivation } from './test-activation.js';

const comparisons = { gt, ge, lt, le, eq } as const;
const ieee: Readonly<Record<keyof typeof comparisons, (x: number) => boolean>> = {
  gt: (x) => x > 0,
  ge: (x) => x >= 0,
  lt: (x) => x < 0,
  le: (x) => x <= 0,
  eq: (x) => x === 0,
};

/** The last two lanes are NaN with the sign bit clear and set. */
const inputs = Float32Array.of(0, -0, 1e-40, -1e-40, 1.401298464324817e-45, -1.401298464324817e-45, 1, -1, Infinity, -Infinity, 0, 0);
new Uint32Array(inputs.buffer).set([0x7fc00000, 0xffc00000], inputs.length - 2);

/**
 * Selects on the sign of x (m_gt_zero and the like) at zeros of both signs, denormals, which a device
 * that flushes them in float comparisons would put on the wrong side, infinities and NaN of both
 * signs (false for every comparison). Returns what differs from IEEE's answer.
 */
export async function checkSignTests(backend: WebGPUBackend, registry: Registry): Promise<string[]> {
  const failures: string[] = [];
  for (const op of Object.keys(comparisons) as (keyof typeof comparisons)[]) {
    // x where x <op> 0, else 2.
    const id = registerTestActivation(registry, `sign/${op}`, (x) => select(comparisons[op](x, 0), x, 2));
    const actual = await backend.forward(id, inputs);
    inputs.forEach((x, i) => {
      const expected = ieee[op](x) ? x : 2;
      if (!Object.is(actual[i], expected)) failures.push(`select on x ${op} 0 at x = ${Object.is(x, -0) ? '-0' : String(x)}: expected ${expected}, got ${actual[i]}`);
    });
  }
  return failures;
}
