import { explainVagrantFailure } from './failure.js';
import { MACHINE } from './project.js';
import type { VagrantProject } from './project.js';
import { parseSshConfig } from './ssh-config.js';
import type { SshConfigHost } from './ssh-config.js';
import { conditionOf, readMachineStatus } from './status.js';
import type { MachineStatus } from './status.js';
import { runVagrant } from './vagrant-cli.js';
import { VagrantError } from './vagrant-error.js';

/** The error for a VM that cannot take SSH because it is not created or not running. */
export function vmNotUpError(status: MachineStatus, dir: string): VagrantError {
  const seen = `vagrant status in ${dir}: ${status.state}`;
  if (conditionOf(status.state) === 'not-created') {
    return new VagrantError(
      `the Vagrant VM is not created yet (${seen}).\n` +
        '  fix: run `netlab vm up` to create it; the first time it downloads the box and ' +
        'takes a few minutes',
    );
  }
  return new VagrantError(
    `the Vagrant VM is not running (${seen}).\n  fix: run \`netlab vm up\` to start it`,
  );
}

/**
 * Host, port, user and keys of the VM, from `vagrant ssh-config` (never a guessed port).
 * When Vagrant cannot say, `vagrant status` tells whether the VM is missing or stopped.
 */
export async function readSshDetails(
  project: VagrantProject,
  machine = MACHINE,
): Promise<SshConfigHost> {
  const run = await runVagrant(project, ['ssh-config', machine], { timeoutMs: 120_000 });
  if (run.exitCode === 0) return parseSshConfig(run.stdout, machine);

  const status = await readMachineStatus(project, machine).catch(() => undefined);
  if (status && status.state !== 'running') throw vmNotUpError(status, project.dir);
  throw explainVagrantFailure(
    run,
    project.dir,
    'run netlab vm status; netlab vm up starts the VM and checks it',
  );
}
