import { explainVagrantFailure } from './failure.js';
import { MACHINE } from './project.js';
import type { VagrantProject } from './project.js';
import { readUpLine } from './up-messages.js';
import type { UpMessage } from './up-messages.js';
import { runVagrant } from './vagrant-cli.js';
import { VagrantError } from './vagrant-error.js';
import { ExitCode } from '../errors.js';

export interface UpOptions {
  provider?: string;
  onMessage?: (message: UpMessage) => void;
  signal?: AbortSignal;
}

/** The VM was interrupted while Vagrant brought it up; Vagrant has cleaned up. */
export class VagrantInterrupted extends VagrantError {
  override readonly exitCode = ExitCode.interrupted;
}

/** `vagrant up`, followed line by line; resolves with the provider Vagrant used. */
export async function bringVmUp(
  project: VagrantProject,
  options: UpOptions = {},
): Promise<string> {
  let provider = options.provider ?? '';
  const args = [
    'up',
    MACHINE,
    '--machine-readable',
    ...(options.provider ? ['--provider', options.provider] : []),
  ];
  const run = await runVagrant(project, args, {
    signal: options.signal,
    onLine: (line) => {
      const message = readUpLine(line, MACHINE);
      if (!message) return;
      if (message.kind === 'provider') provider = message.provider;
      options.onMessage?.(message);
    },
  });
  if (run.canceled) {
    throw new VagrantInterrupted(
      'interrupted: `vagrant up` stopped; the VM may be half made.\n' +
        '  fix: run netlab vm up again to finish, or netlab vm destroy to start from scratch',
    );
  }
  if (run.exitCode !== 0) {
    throw explainVagrantFailure(
      run,
      project.dir,
      'fix what Vagrant says, then run netlab vm up again',
    );
  }
  return provider;
}
