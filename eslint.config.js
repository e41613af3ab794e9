import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['generated/**', 'node_modules/**', 'data/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The database is reached only through src/services (DESIGN.md).
    files: ['src/core/**', 'src/adapters/**', 'commands/**', 'src/http/**', 'src/jobs/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/generated/**', '@prisma/*'], message: 'Only src/services/ touches Prisma.' },
          ],
        },
      ],
    },
  },
);
