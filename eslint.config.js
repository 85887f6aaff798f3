// Lint: TypeScript's recommended rules everywhere, Svelte's for components.
import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default ts.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/.svelte-kit/**',
      'web/build/**',
      'web/.paraglide/**',
      'data/**',
      'test-results/**',
      'playwright-report/**',
      'server/drizzle/**',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Maps and Dates in our rune classes are bookkeeping, not state the UI reads.
      'svelte/prefer-svelte-reactivity': 'off',
      // Our links are built with resolve() in small helpers, which this rule cannot follow.
      'svelte/no-navigation-without-resolve': 'off',
    },
  },
  {
    // Small modules (issue 12): a source file past 300 lines is doing two things.
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.svelte'],
    ignores: ['tests/**', '**/*.test.ts', '**/*.pg.test.ts'],
    rules: { 'max-lines': ['error', { max: 300 }] },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
);
