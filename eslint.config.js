import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'test/fixtures/',
      'test/__snapshots__/',
      'coverage/',
      '.dependency-cruiser.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Outside src/targets/, a target is reached through the registry and the Target interface,
    // never by importing its folder (docs/architecture.md, "Layers").
    files: ['src/**/*.ts'],
    ignores: ['src/targets/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/targets/*/**'],
              message:
                'use targets/registry.ts and the Target interface (targets/target.ts), not a target folder',
            },
          ],
        },
      ],
    },
  },
);
