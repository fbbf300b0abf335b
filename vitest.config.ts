import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Suites share one kernel; each uses its own namespace prefix, and netlab's guest
    // lock serialises the runs themselves.
    fileParallelism: true,
  },
});
