import { execa } from 'execa';
import { parseMachineLine } from './machine-readable.js';
import type { MachineLine } from './machine-readable.js';
import type { VagrantProject } from './project.js';
import { vagrantMissing } from './install-hint.js';
import { VagrantError } from './vagrant-error.js';

// The only place netlab starts the vagrant command.

export interface VagrantRun {
  /** `vagrant status`, as a person would type it, for messages. */
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The machine-readable lines of stdout, parsed. */
  lines: MachineLine[];
  canceled: boolean;
}

export interface VagrantCallOptions {
  /** Each machine-readable line as it comes. */
  onLine?: (line: MachineLine) => void;
  /** Bounded for quick commands; `vagrant up` may download a box, so it has none. */
  timeoutMs?: number;
  /** Aborting sends vagrant SIGINT, which it handles by cleaning up, then exiting. */
  signal?: AbortSignal;
}

/** Runs vagrant from the project folder; resolves with what it printed, even on failure. */
export async function runVagrant(
  project: VagrantProject,
  args: string[],
  options: VagrantCallOptions = {},
): Promise<VagrantRun> {
  const command = ['vagrant', ...args.filter((a) => a !== '--machine-readable')].join(' ');
  const lines: MachineLine[] = [];
  const result = await execa('vagrant', args, {
    cwd: project.dir,
    env: project.env,
    reject: false,
    stdin: 'ignore',
    timeout: options.timeoutMs,
    cancelSignal: options.signal,
    killSignal: 'SIGINT',
    forceKillAfterDelay: false,
    stdout: function* (line: unknown) {
      const parsed = parseMachineLine(String(line));
      if (parsed) {
        lines.push(parsed);
        options.onLine?.(parsed);
      }
      yield String(line);
    },
  });

  if (result.failed && result.code === 'ENOENT') throw vagrantMissing();
  if (result.timedOut) {
    const seconds = Math.round((options.timeoutMs ?? 0) / 1000);
    throw new VagrantError(
      `\`${command}\` did not finish within ${seconds} s in ${project.dir}.\n` +
        '  fix: check that the hypervisor answers (netlab doctor), then try again',
    );
  }
  return {
    command,
    exitCode: result.exitCode ?? 1,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    lines,
    canceled: result.isCanceled,
  };
}
