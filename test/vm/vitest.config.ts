import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The real-VM suite alone, as test/vm/run.sh runs it: one file, its steps in order, long
// timeouts (QEMU emulates the guest's CPU here), and a JUnit report kept.
const reportDir = process.env.NETLAB_VM_REPORT_DIR ?? 'out/test-vm';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/vm/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 20 * 60_000,
    hookTimeout: 10 * 60_000,
    reporters: ['default', 'junit'],
    outputFile: { junit: `${reportDir}/junit.xml` },
  },
});
