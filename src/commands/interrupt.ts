import { ExitCode } from '../errors.js';
import type { Output } from './output.js';

/**
 * Ctrl-C (or SIGTERM, as CI sends on a cancel) while something slow runs: the first asks
 * it to stop cleanly (the signal aborts), a second quits at once. `dispose` restores
 * Node's own handling.
 */
export function catchInterrupt(io: Output, whatHappens: string): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  let count = 0;
  const onSigint = () => {
    count += 1;
    if (count > 1) process.exit(ExitCode.interrupted);
    io.err(`\ninterrupted: ${whatHappens} (Ctrl-C again to quit at once)`);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    },
  };
}
