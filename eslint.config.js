// Lint is part of `npm test`. Type-aware rules catch floating promises, which in a daemon
// mean lost failures.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'visualizations/', 'dist/', 'coverage/'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // The one rule of the house: machines and the scheduler are pure.
    files: ['src/machines/**/*.ts', 'src/scheduler/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['node:*', 'fs', 'child_process', 'net', 'ws'], message: 'machines/ and scheduler/ are pure: inject I/O at the edge.' },
        { group: ['**/agents/**', '**/transport/**', '**/daemon/**', '**/cli/**', '**/runtime/**'], message: 'machines/ and scheduler/ must not import the edges.' },
      ] }],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'use an injected clock / named delay' }, { name: 'setInterval', message: 'use an injected clock / named delay' }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'time arrives through an injected clock' }, { object: 'Math', property: 'random', message: 'no randomness in pure code' }],
    },
  },
);
