import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // examples/plugin-bent is an outside package built against the packed tarballs: its tests and
  // typecheck run in a copy outside the workspace (scripts/packaging/plugin-bent.test.ts).
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', 'coverage/**', 'examples/plugin-bent/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.tests.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSAsExpression > TSAsExpression[typeAnnotation.type="TSUnknownKeyword"]',
          message: 'Do not launder types through `as unknown as`.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly' },
    },
  },
  {
    // The browser page of the consumer test (scripts/packaging/consumer.test.ts).
    files: ['scripts/packaging/consumer/browser/**/*.js'],
    languageOptions: { globals: { window: 'readonly', navigator: 'readonly' } },
  },
);
