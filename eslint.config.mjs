// @ts-check
// Lint enforces the layers of ARCHITECTURE.md: no `vscode` in the server, no LSP
// library, file system or network in the pure core, no console output in the
// server (stdout may be the LSP stream), and no promise left floating.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const core = [
  'server/src/zone/**/*.ts',
  'server/src/checks/**/*.ts',
  'server/src/simulate/**/*.ts',
  'server/src/fixes/**/*.ts',
];

const vscodeBan = { name: 'vscode', message: 'server/ runs outside VS Code: use vscode-languageserver types.' };
const coreBans = [
  vscodeBan,
  {
    name: 'vscode-languageserver',
    message: 'The core is pure: import vscode-languageserver-types or -textdocument, not the server library.',
  },
  ...[
    'fs',
    'node:fs',
    'fs/promises',
    'node:fs/promises',
    'net',
    'node:net',
    'http',
    'node:http',
    'https',
    'node:https',
    'dns',
    'node:dns',
    'dns/promises',
    'node:dns/promises',
  ].map((name) => ({ name, message: 'The core is pure: reading files or the network is a function passed in.' })),
];

export default defineConfig(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'out/**',
      '.vscode-test/**',
      'bench/results/**',
      'test-results/**',
      '.cache/**',
      '**/*.d.ts',
      '**/*.d.mts',
      'test/**/fixtures/**',
    ],
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.mjs', '**/*.js', '**/*.cjs'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's test() and describe() return promises the runner itself awaits.
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // Build scripts and the test runner are plain JavaScript outside every tsconfig.
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly' },
    },
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-imports': ['error', { paths: [vscodeBan] }],
    },
  },
  {
    // The CLI writes to stdout and stderr by design.
    files: ['server/src/cli.ts', 'server/src/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: core,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: coreBans,
          patterns: [
            {
              group: ['vscode-languageserver/*'],
              message: 'The core is pure: import vscode-languageserver-types or -textdocument, not the server library.',
            },
          ],
        },
      ],
    },
  },
);
