import type { OpUlpBounds, RandomExpressionReport, RandomExpressionTarget } from '@rectify/activation-core/testing';
import { checkRandomExpressions, formatRandomExpressionFailure, summarizeRandomExpressionReport } from '@rectify/activation-core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebGPUBackend } from './index.js';
import { createWebGPUBackend } from './index.js';
import { testBackend } from './testing/node-gpu.js';

/**
 * The stated bounds. WGSL: +, - and * are correctly rounded; x / y is within 2.5 ulp of the exact
 * quotient (3 from the correctly rounded one); sqrt is "inherited from 1.0 / inverseSqrt(x)", a 2 ulp
 * reciprocal root through a 2.5 ulp division (5). exp, expm1, log, log1p, tanh, sigmoid, erf and erfc
 * are the backend's generated helpers, which the README holds to 4 ulp (measured: sigmoid 2, tanh 1).
 * WGSL also lets an implementation reassociate operations, and Mesa does (`(m + x) - 4` runs as
 * `(m - 4) + x`), so sums are bounded in any association.
 */
const webgpuUlps: OpUlpBounds = { add: 0, sub: 0, mul: 0, div: 3, sqrt: 5, exp: 4, expm1: 4, log: 4, log1p: 4, tanh: 4, sigmoid: 4, erf: 4, erfc: 4 };

/** RECTIFY_RANDOM_EXPRESSIONS sets the count (`pnpm test:long` runs 10,000); 300 take about 5 s on Mesa's llvmpipe here. */
const fromEnvironment = Number.parseInt(process.env['RECTIFY_RANDOM_EXPRESSIONS'] ?? '', 10);
const count = Number.isInteger(fromEnvironment) && fromEnvironment > 0 ? fromEnvironment : 300;

// One device for the whole run; a backend per chunk of expressions on it, each definition registered late.
const base = await testBackend();

if (base === undefined) {
  describe.skip('random expressions on the WebGPU backend (no adapter)', () => { it('skipped', () => undefined); });
} else {
  const target: RandomExpressionTarget = {
    name: 'webgpu',
    ulps: webgpuUlps,
    reassociation: true,
    create: (registry) => createWebGPUBackend({ registry, device: base.device }),
    release: (backend) => { (backend as WebGPUBackend).destroy(); },
  };
  const show = (failures: RandomExpressionReport['failures']): string => failures.slice(0, 10).map(formatRandomExpressionFailure).join('\n');

  describe(`random expressions on the WebGPU backend: ${count} expressions, forward, and backward on every other`, () => {
    let report: RandomExpressionReport | undefined;
    beforeAll(async () => {
      report = await checkRandomExpressions({ targets: [target], count, seed: 1 });
      console.info(summarizeRandomExpressionReport(report));
    }, 60_000 + count * 200);

    const tally = () => report?.tallies[0] ?? expect.fail('the check did not run');

    it('agrees with the float64 reference within the first-order bound', () => {
      expect(tally().checked).toBeGreaterThan(0);
      expect(tally().failures, show(report?.failures ?? [])).toBe(0);
    });

    it('reproduces NaN and infinities at non-finite inputs and domain errors as the reference does', () => {
      expect(tally().specialChecked).toBeGreaterThan(0);
      expect(tally().specialFailures, show(report?.specialFailures ?? [])).toBe(0);
    });

    it('the bound evaluator reads every expression as the reference does', () => {
      expect((report?.evaluatorMismatches ?? []).map(formatRandomExpressionFailure)).toEqual([]);
    });
  });
}
