import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/', '**/node_modules/', '**/generated/', '.data/', '.tap/', 'coverage/'],
  },
  eslint.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Each package's sources and tests, one program per package.
        project: ['apps/*/tsconfig.check.json', 'packages/*/*/tsconfig.check.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Fastify plugins, hooks and handlers are async functions by contract,
      // whether or not their body awaits.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // tap awaits the subtests that t.test() starts.
    files: ['**/test/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // The web's one browser script (served as it is, under /static/).
    files: ['apps/web/public/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: { document: 'readonly', setInterval: 'readonly' },
    },
  },
);
