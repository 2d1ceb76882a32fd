import { configDefaults, defineConfig } from 'vitest/config';
import { relaxedSimdNodeFlags } from './scripts/relaxed-simd-flags.js';

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
    // Relaxed SIMD is on by default from Node 22 (which refuses the flag) and in browsers; Node 20
    // gets the flag, so that the CPU backend's fused multiply-add path is tested there too.
    execArgv: relaxedSimdNodeFlags(),
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts', 'scripts/**/*.test.ts'],
    // examples/plugin-bent is an outside package: scripts/packaging/plugin-bent.test.ts runs its tests against the packed tarballs.
    exclude: [...configDefaults.exclude, 'examples/plugin-bent/**'],
    // One folder per run for the packaging tests' tarballs and consumer project.
    globalSetup: ['scripts/packaging/global-setup.ts'],
    typecheck: {
      enabled: true,
      include: ['packages/*/src/**/*.test-d.ts', 'examples/*/src/**/*.test-d.ts'],
      exclude: [...configDefaults.exclude, 'examples/plugin-bent/**'],
      tsconfig: './tsconfig.tests.json',
    },
    reporters: reportFile === undefined ? ['default'] : ['default', ['json', { outputFile: reportFile }]],
  },
});
