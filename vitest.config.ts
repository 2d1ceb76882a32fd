import { defineConfig } from 'vitest/config';

const reportFile = process.env['RECTIFY_TEST_REPORT'];

export default defineConfig({
  resolve: {
    conditions: ['@rectify/source', 'module', 'import', 'default'],
  },
  ssr: {
    resolve: {
      conditions: ['@rectify/source', 'module', 'node', 'import', 'default'],
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts'],
    typecheck: {
      enabled: true,
      include: ['packages/*/src/**/*.test-d.ts', 'examples/*/src/**/*.test-d.ts'],
      tsconfig: './tsconfig.tests.json',
    },
    reporters: reportFile === undefined ? ['default'] : ['default', ['json', { outputFile: reportFile }]],
  },
});
