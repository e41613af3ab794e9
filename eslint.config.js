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
    // Adapters translate; the core decides. They reach the core, never a service or the database.
    files: ['src/adapters/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/generated/**', '@prisma/*'], message: 'Only src/services/ touches Prisma.' },
            { group: ['**/services/**'], message: 'Adapters call the core (src/core), never a service.' },
          ],
        },
      ],
    },
  },
  {
    // The database is reached only through src/services (DESIGN.md).
    files: ['src/core/**', 'commands/**', 'src/http/**', 'src/jobs/**'],
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
