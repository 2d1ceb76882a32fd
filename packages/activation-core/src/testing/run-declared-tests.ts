import type { TestApi } from './conformance.js';

export interface DeclaredTestOutcome {
  /** The names of the enclosing `describe` blocks and of the test, joined by ' > '. */
  readonly name: string;
  /** What the test threw; absent when it passed. */
  readonly error?: string;
}

/**
 * Runs a suite declared through a TestApi without a test runner (in a browser page, say): records
 * every `it` under its `describe` path, then runs them one after another and reports each outcome.
 */
export async function runDeclaredTests(declare: (test: TestApi) => void): Promise<DeclaredTestOutcome[]> {
  const cases: { readonly name: string; readonly body: () => void | Promise<void> }[] = [];
  const path: string[] = [];
  declare({
    describe(name, body) {
      path.push(name);
      body();
      path.pop();
    },
    it(name, body) {
      cases.push({ name: [...path, name].join(' > '), body });
    },
  });
  const outcomes: DeclaredTestOutcome[] = [];
  for (const testCase of cases) {
    try {
      await testCase.body();
      outcomes.push({ name: testCase.name });
    } catch (error) {
      outcomes.push({ name: testCase.name, error: String(error) });
    }
  }
  return outcomes;
}
