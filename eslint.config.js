// @ts-check
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/** UI and Electron stay out of the portable core and the shared contracts. */
const NO_UI_OR_ELECTRON = {
  paths: [
    { name: 'electron', message: 'src/core and src/shared must not depend on Electron.' },
    { name: 'react', message: 'src/core and src/shared must not depend on React.' },
    { name: 'react-dom', message: 'src/core and src/shared must not depend on React.' },
  ],
  patterns: [
    {
      group: ['electron/*', 'react/*', 'react-dom/*'],
      message: 'src/core and src/shared must not depend on Electron or React.',
    },
  ],
};

/** src/shared is also loaded by the renderer: no Node built-ins, with or without the node: prefix. */
const NO_NODE_BUILTINS = {
  paths: builtinModules
    .filter((name) => !name.startsWith('_'))
    .map((name) => ({ name, message: 'src/shared is used by the renderer: no Node built-ins.' })),
  patterns: [{ group: ['node:*'], message: 'src/shared is used by the renderer: no Node built-ins.' }],
};

// SQLite is reached through the store and its repositories (src/core/store, the *-rows.ts files).
const NO_SQLITE = {
  paths: [
    {
      name: 'better-sqlite3',
      message: 'Only src/core/store and the repositories (*-rows.ts) touch SQLite; go through DeskStore.',
    },
  ],
};

export default defineConfig([
  globalIgnores(['out/', 'dist/', 'node_modules/', 'models/', 'artifacts/', 'coverage/', '.cache/']),

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    name: 'tanu/base',
    files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },

  {
    // The app logs through warn/error only; CLI scripts and tests may print freely.
    name: 'tanu/app-console',
    files: ['src/**'],
    rules: { 'no-console': ['error', { allow: ['warn', 'error'] }] },
  },

  {
    name: 'tanu/node',
    files: [
      'src/main/**',
      'src/preload/**',
      'src/core/**',
      'scripts/**',
      'test/**',
      '*.config.{js,mjs,cjs,ts,mts}',
    ],
    languageOptions: { globals: { ...globals.node } },
  },

  {
    name: 'tanu/renderer',
    files: ['src/renderer/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat['recommended-latest']],
    languageOptions: { globals: { ...globals.browser } },
  },

  {
    // Type-aware promise rules for the Electron shell, where a dropped promise hides a failed load or IPC.
    name: 'tanu/shell-type-aware',
    files: ['src/main/**/*.ts', 'src/preload/**/*.ts', 'src/renderer/**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },

  {
    name: 'tanu/core-boundary',
    files: ['src/core/**'],
    ignores: ['src/core/store/**', 'src/core/**/*-rows.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [...NO_UI_OR_ELECTRON.paths, ...NO_SQLITE.paths], patterns: NO_UI_OR_ELECTRON.patterns },
      ],
    },
  },

  {
    // The store and the repositories: still no UI or Electron.
    name: 'tanu/store-boundary',
    files: ['src/core/store/**', 'src/core/**/*-rows.ts'],
    rules: { 'no-restricted-imports': ['error', NO_UI_OR_ELECTRON] },
  },

  {
    // The shell asks the services; it never holds the database (no import, no store, no repository).
    name: 'tanu/main-no-sql',
    files: ['src/main/**', 'src/preload/**', 'src/renderer/**'],
    rules: {
      'no-restricted-imports': ['error', NO_SQLITE],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='store']",
          message: 'src/main does not reach the desk store or its repositories; ask the services.',
        },
      ],
    },
  },

  {
    // Overrides the core rule for shared files (one no-restricted-imports config applies per file).
    name: 'tanu/shared-boundary',
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...NO_UI_OR_ELECTRON.paths, ...NO_NODE_BUILTINS.paths],
          patterns: [...NO_UI_OR_ELECTRON.patterns, ...NO_NODE_BUILTINS.patterns],
        },
      ],
    },
  },
]);
