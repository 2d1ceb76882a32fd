import type { ActivationDefinition, Backend } from '@rectify/activation-core';
import type { TestApi, Tolerance } from '@rectify/activation-core/testing';
import { describeConformance } from '@rectify/activation-core/testing';

export interface ConformanceOutcome {
  readonly id: string;
  readonly passed: number;
  readonly failed: number;
  /** Test name and the first line of its error, for each failed check. */
  readonly failures: readonly string[];
}

interface CollectedTest {
  readonly path: readonly string[];
  readonly body: () => void | Promise<void>;
}

/**
 * Runs core's conformance suite outside a test runner: `describe` runs its body at once, `it`
 * collects the check, then every check runs in order and its outcome is filed under the
 * activation id (the second `describe` level of the suite).
 */
export async function runConformance(
  backend: Backend,
  options: { readonly ids?: readonly string[]; readonly tolerance?: (definition: ActivationDefinition, exact: boolean) => Tolerance } = {},
): Promise<Map<string, ConformanceOutcome>> {
  const tests: CollectedTest[] = [];
  const stack: string[] = [];
  const api: TestApi = {
    describe(name, body) {
      stack.push(name);
      try {
        body();
      } finally {
        stack.pop();
      }
    },
    it(name, body) {
      tests.push({ path: [...stack, name], body });
    },
  };
  describeConformance(api, {
    backend,
    ...(options.ids === undefined ? {} : { ids: options.ids }),
    ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
  });

  const outcomes = new Map<string, { passed: number; failed: number; failures: string[] }>();
  for (const test of tests) {
    const id = test.path[1] ?? '';
    const outcome = outcomes.get(id) ?? { passed: 0, failed: 0, failures: [] };
    outcomes.set(id, outcome);
    try {
      await test.body();
      outcome.passed += 1;
    } catch (error) {
      outcome.failed += 1;
      const message = error instanceof Error ? error.message : String(error);
      outcome.failures.push(`${test.path.slice(2).join(' › ')}: ${message.split('\n')[0] ?? ''}`);
    }
  }
  return new Map([...outcomes].map(([id, outcome]) => [id, { id, ...outcome }]));
}
