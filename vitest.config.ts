import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The real-VM suite boots QEMU for minutes; it runs on its own: npm run test:vm.
    exclude: ['test/vm/**', '**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Suites share one kernel; each uses its own namespace prefix, and netlab's guest
    // lock serialises the runs themselves.
    fileParallelism: true,
  },
});
