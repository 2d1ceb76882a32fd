import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The WebGPU conformance run and the training runs take a few seconds each on a small machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
