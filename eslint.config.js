// Flat config: eslint's and typescript-eslint's recommended rules on every source folder.
// Type-aware rules are left out on purpose: `npm run typecheck` already runs tsc, and lint stays fast.
// TypeScript itself checks undefined names (node or DOM globals), so no `globals` lists are needed.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['node_modules/', 'web/dist/', 'data/', 'coverage/', 'docs/']),
  {
    files: ['**/*.{ts,mts}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    rules: {
      // `_name` marks a parameter kept for its position (Express error middleware, callbacks).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
);
