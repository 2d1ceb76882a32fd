// Reads the values PyTorch computes for each activation (scripts/pytorch-golden.py writes them), so
// tests compare our definitions with an independent implementation rather than with themselves.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { ActivationDefinition } from '@rectify/activation-core';
import { referenceDerivative, referenceForward, referenceParamDerivative } from '@rectify/activation-core';

type Encoded = number | string;

interface GoldenCase {
  readonly id: string;
  readonly params: Readonly<Record<string, number | string>>;
  readonly inputs: readonly Encoded[];
  readonly forward: readonly Encoded[];
  readonly grad: readonly Encoded[];
  readonly paramGrads?: Readonly<Record<string, readonly Encoded[]>>;
}

interface GoldenFile {
  readonly torchVersion: string;
  readonly cases: readonly GoldenCase[];
}

const decode = (value: Encoded): number => {
  if (typeof value === 'number') return value;
  if (value === '-0') return -0;
  return Number(value);
};

const absoluteTolerance = 1e-15;

const golden = JSON.parse(readFileSync(new URL('./pytorch-golden.json', import.meta.url), 'utf8')) as GoldenFile;

export const torchVersion = golden.torchVersion;

export function goldenCases(id: string): readonly GoldenCase[] {
  const cases = golden.cases.filter((entry) => entry.id === id);
  if (cases.length === 0) throw new Error(`no PyTorch golden values for ${id}`);
  return cases;
}

/**
 * Agreement in float64 as torch.allclose measures it, |ours - torch| <= atol + rtol |torch|; NaN
 * must meet NaN and infinities must match exactly. Both sides carry float64 rounding, amplified
 * where a formula cancels (1 - tanh(x)^2 near saturation), hence rtol above machine epsilon.
 */
function expectSame(label: string, inputs: readonly number[], expected: readonly number[], actual: ArrayLike<number>, tolerance: number): void {
  const mismatches: string[] = [];
  expected.forEach((want, index) => {
    const got = actual[index] ?? Number.NaN;
    const same = Number.isNaN(want)
      ? Number.isNaN(got)
      : !Number.isFinite(want)
        ? want === got
        : Math.abs(want - got) <= absoluteTolerance + tolerance * Math.abs(want);
    if (!same) mismatches.push(`x=${inputs[index]}: torch ${want}, ours ${got}`);
  });
  expect(mismatches, label).toEqual([]);
}

export interface GoldenExpectations {
  /** Relative tolerance against PyTorch's float64 results; 1e-12 by default. */
  readonly tolerance?: number;
  /** Inputs where our gradient deliberately differs from PyTorch's (documented in the definition). */
  readonly gradientExceptions?: readonly number[];
}

/** Forward, d/dx and (where recorded) d/dparam agree with PyTorch on every golden case for this id. */
export function expectMatchesPyTorch(definition: ActivationDefinition, expectations: GoldenExpectations = {}): void {
  const tolerance = expectations.tolerance ?? 1e-12;
  const exceptions = expectations.gradientExceptions ?? [];
  for (const entry of goldenCases(definition.id)) {
    const inputs = entry.inputs.map(decode);
    const label = `${definition.id} ${JSON.stringify(entry.params)}`;
    expectSame(`${label} forward`, inputs, entry.forward.map(decode), referenceForward(definition, inputs, entry.params), tolerance);
    const kept = inputs.map((x, index) => ({ x, index })).filter(({ x }) => !exceptions.some((exception) => Object.is(exception, x) || (Number.isNaN(exception) && Number.isNaN(x))));
    const derivative = referenceDerivative(definition, inputs, entry.params);
    expectSame(`${label} gradient`, kept.map(({ x }) => x), kept.map(({ index }) => decode(entry.grad[index] ?? Number.NaN)), kept.map(({ index }) => derivative[index] ?? Number.NaN), tolerance);
    for (const [name, values] of Object.entries(entry.paramGrads ?? {})) {
      expectSame(`${label} d/d${name}`, inputs, values.map(decode), referenceParamDerivative(definition, name, inputs, entry.params), tolerance);
    }
  }
}
