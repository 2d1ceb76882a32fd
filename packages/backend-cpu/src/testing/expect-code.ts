import type { RectifyErrorCode } from '@rectify/activation-core';
import { isRectifyError } from '@rectify/activation-core';
import { expect } from 'vitest';

/** Asserts that `action` throws a RectifyError of `code`, whose message matches `message` when given. */
export function expectCode(action: () => unknown, code: RectifyErrorCode, message?: RegExp): void {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(isRectifyError(caught, code), `expected ${code}, got ${String(caught)}`).toBe(true);
  if (message !== undefined) expect(String(caught)).toMatch(message);
}
