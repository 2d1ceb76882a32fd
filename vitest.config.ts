import { configDefaults, defineConfig } from 'vitest/config';

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
    // Relaxed SIMD, on by default from Node 22 and in browsers, so the CPU backend's fused
    // multiply-add path is tested on Node 20 too.
    execArgv: ['--experimental-wasm-relaxed-simd'],
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
