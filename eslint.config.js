import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.cache/', '.gridwork/', 'test-artifacts/', 'data/demo/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  // Layering reads one way. The web app bundles no server code (types only: they vanish at
  // build); the server never reaches into scripts/ or test/; scripts (the benchmarks among
  // them) never into test/. Tests may import anything.
  {
    files: ['web/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**'], allowTypeImports: true, message: 'The web app bundles no server code: import types only (import type), or get the answer from the API.' }] }],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['**/scripts/**', '**/test/**'], message: 'The server never imports scripts/ or test/: move what both need into server/.' }] }],
    },
  },
  {
    files: ['scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['**/test/**'], message: 'Scripts and benchmarks never import test code: move what both need into scripts/ (e.g. scripts/synthetic/).' }] }],
    },
  },
);
