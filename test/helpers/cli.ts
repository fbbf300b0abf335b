import { execFile } from 'node:child_process';
import { join } from 'node:path';

export const NETLAB_BIN = join(import.meta.dirname, '../../bin/netlab.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built CLI as a user runs it (npm test builds dist/ first). */
export function netlab(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}):
  Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [NETLAB_BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      timeout: 120_000,
    }, (error, stdout, stderr) => {
      const code = error && typeof error.code === 'number' ? error.code : error ? 1 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
