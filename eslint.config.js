// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import officeAddins from 'eslint-plugin-office-addins';

const coreBans = {
  patterns: [
    { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'stream', 'url', 'util'], message: 'The engine core runs in the browser too: do I/O in src-engine/node/ or src-engine/cli/.' },
    { group: ['exceljs', 'exceljs/*'], message: 'exceljs lives only in src-engine/node/read-workbook.ts and the other Node shell files.' },
    { group: ['csv-parse', 'csv-parse/*'], message: 'csv-parse lives only in src-engine/node/read-csv.ts.' },
    { group: ['office-js', '@microsoft/office-js', 'office-addin-*'], message: 'Office.js lives only in src-addin/excel/.' },
  ],
};

// Office.js rules from eslint-plugin-office-addins, for the add-in code only. The plugin's own `recommended` config
// also switches on prettier and its parser settings, so only its rules are taken here; all are errors, because each
// one is a real Office.js mistake (reading a property never loaded or before sync, sync in a loop, load() of
// everything or of navigation properties, testing a *OrNullObject result against null, Office.initialize).
const officeAddinsRules = {
  'office-addins/call-sync-after-load': 'error',
  'office-addins/call-sync-before-read': 'error',
  'office-addins/load-object-before-read': 'error',
  'office-addins/no-context-sync-in-loop': 'error',
  'office-addins/no-empty-load': 'error',
  'office-addins/no-navigational-load': 'error',
  'office-addins/no-office-initialize': 'error',
  'office-addins/test-for-null-using-isNullObject': 'error',
};

export default tseslint.config(
  { ignores: ['dist/**', 'dist-addin/**', 'node_modules/**', 'coverage/**', 'bench-out/**', 'build/**'] },
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
    files: ['src-addin/**/*.{ts,tsx,js,mjs}'],
    plugins: { 'office-addins': officeAddins },
    rules: officeAddinsRules,
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
