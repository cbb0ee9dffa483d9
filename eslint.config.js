// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const coreBans = {
  patterns: [
    { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'stream', 'url', 'util'], message: 'The engine core runs in the browser too: do I/O in src-engine/node/ or src-engine/cli/.' },
    { group: ['exceljs', 'exceljs/*'], message: 'exceljs lives only in src-engine/node/read-workbook.ts and the other Node shell files.' },
    { group: ['office-js', '@microsoft/office-js', 'office-addin-*'], message: 'Office.js lives only in src-addin/excel/.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench-out/**', 'build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { ecmaVersion: 2022, sourceType: 'module' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src-engine/**/*.ts'],
    ignores: ['src-engine/node/**', 'src-engine/cli/**'],
    rules: { 'no-restricted-imports': ['error', coreBans], 'no-console': 'error' },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
