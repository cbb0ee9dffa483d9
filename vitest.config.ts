import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The add-in's build-time policy bundle (a virtual module of vite.config.ts), collected the same way for tests.
    alias: { 'virtual:jobplan-policies': fileURLToPath(new URL('./test/addin/taskpane/policy-bundle-for-tests.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
