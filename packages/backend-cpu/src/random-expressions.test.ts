import { createReferenceBackend } from '@rectify/activation-core';
import type { OpUlpBounds, RandomExpressionReport, RandomExpressionTarget } from '@rectify/activation-core/testing';
import { checkRandomExpressions, correctlyRounded, formatRandomExpressionFailure, summarizeRandomExpressionReport } from '@rectify/activation-core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CpuBackend } from './index.js';
import { createCpuBackend } from './index.js';

/**
 * The stated bounds (README, "How it works"; held by src/wasm/simd-math.test.ts): exp, expm1, log,
 * log1p, tanh, erf and erfc within 1 ulp, sigmoid within 2. WebAssembly's f32 add, sub, mul, div
 * and sqrt are IEEE operations, correctly rounded.
 */
const cpuUlps: OpUlpBounds = { add: 0, sub: 0, mul: 0, div: 0, sqrt: 0, exp: 1, expm1: 1, log: 1, log1p: 1, tanh: 1, sigmoid: 2, erf: 1, erfc: 1 };

/** RECTIFY_RANDOM_EXPRESSIONS sets the count (`pnpm test:long` runs 10,000); 800 take about 5 s on this 2-core machine. */
const fromEnvironment = Number.parseInt(process.env['RECTIFY_RANDOM_EXPRESSIONS'] ?? '', 10);
const count = Number.isInteger(fromEnvironment) && fromEnvironment > 0 ? fromEnvironment : 800;

const cpu = (engine: 'wasm-simd' | 'interpreter', ulps: OpUlpBounds): RandomExpressionTarget => ({
  name: `cpu ${engine}`,
  ulps,
  // A fresh backend per chunk; every definition is registered after it exists.
  create: (registry) => createCpuBackend({ registry, engine, threads: 1 }),
  release: (backend) => { (backend as CpuBackend).destroy(); },
});

const targets: readonly RandomExpressionTarget[] = [
  cpu('wasm-simd', cpuUlps),
  // The interpreter rounds each operation's float64 result to float32 once: as accurate as correctly rounded steps.
  cpu('interpreter', correctlyRounded),
  { name: 'reference', ulps: correctlyRounded, create: (registry) => createReferenceBackend(registry) },
];

const show = (failures: RandomExpressionReport['failures']): string => failures.slice(0, 10).map(formatRandomExpressionFailure).join('\n');

describe(`random expressions on the CPU backend: ${count} expressions, forward, and backward on every other`, () => {
  let report: RandomExpressionReport | undefined;
  beforeAll(async () => {
    report = await checkRandomExpressions({ targets, count, seed: 1 });
    console.info(summarizeRandomExpressionReport(report));
  }, 60_000 + count * 100);

  const result = (): RandomExpressionReport => report ?? expect.fail('the check did not run');

  it.each(targets.map((target) => target.name))('%s agrees with the float64 reference within the first-order bound', (name) => {
    const tally = result().tallies.find((entry) => entry.target === name);
    expect(tally?.checked).toBeGreaterThan(0);
    expect(tally?.failures, show(result().failures.filter((failure) => failure.target === name))).toBe(0);
  });

  it.each(targets.map((target) => target.name))('%s reproduces NaN and infinities at non-finite inputs and domain errors as the reference does', (name) => {
    const tally = result().tallies.find((entry) => entry.target === name);
    expect(tally?.specialChecked).toBeGreaterThan(0);
    expect(tally?.specialFailures, show(result().specialFailures.filter((failure) => failure.target === name))).toBe(0);
  });

  it('the bound evaluator reads every expression as the reference does', () => {
    expect(result().evaluatorMismatches.map(formatRandomExpressionFailure)).toEqual([]);
  });
});
