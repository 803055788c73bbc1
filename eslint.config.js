import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layersPlugin, SQL_NOT_YET_IN_STORE } from './eslint/layers.js';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'dist-electron', 'dist-cli', 'natives', 'release', 'test/artifacts', 'models'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The engine must stay free of Electron so the CLI and browser mode can share it.
      'no-restricted-imports': 'off',
    },
  },
  { plugins: { reverie: layersPlugin } },
  {
    // Imports go down the layers only (eslint/layers.js).
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    rules: { 'reverie/layers': 'error' },
  },
  {
    // SQL lives in store/ modules only.
    files: ['electron/**/*.ts'],
    ignores: ['electron/engine/store/**', ...SQL_NOT_YET_IN_STORE],
    rules: { 'reverie/sql-in-store': 'error' },
  },
  {
    files: ['electron/engine/**/*.ts', 'shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The engine must not import Electron.' }] }],
    },
  },
  {
    files: ['shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*'], message: 'shared/ and renderer/ run in the browser: no Node imports.' }] },
      ],
    },
  },
);
