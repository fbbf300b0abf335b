import type { MachineLine } from './machine-readable.js';
import { explainVagrantFailure } from './failure.js';
import { MACHINE } from './project.js';
import type { VagrantProject } from './project.js';
import { runVagrant } from './vagrant-cli.js';
import { VagrantError } from './vagrant-error.js';

/** What `vagrant status` says of one machine. */
export interface MachineStatus {
  machine: string;
  /** Vagrant's state id: not_created, running, poweroff, shutoff, saved, aborted, ... */
  state: string;
  provider: string;
  /** The provider's own sentence about the state. */
  description: string;
}

export type MachineCondition = 'running' | 'not-created' | 'stopped';

export function conditionOf(state: string): MachineCondition {
  if (state === 'running') return 'running';
  return state === 'not_created' ? 'not-created' : 'stopped';
}

/** The status of `machine` from the lines of `vagrant status --machine-readable`. */
export function parseStatus(lines: MachineLine[], machine: string): MachineStatus | undefined {
  const mine = lines.filter((line) => line.target === machine);
  const value = (type: string) => mine.find((line) => line.type === type)?.data[0];
  const state = value('state');
  if (state === undefined) return undefined;
  return {
    machine,
    state,
    provider:
      value('provider-name') ??
      mine.find((l) => l.type === 'metadata' && l.data[0] === 'provider')?.data[1] ??
      '',
    description: value('state-human-long') ?? '',
  };
}

export async function readMachineStatus(
  project: VagrantProject,
  machine = MACHINE,
): Promise<MachineStatus> {
  const run = await runVagrant(project, ['status', machine, '--machine-readable'], {
    timeoutMs: 120_000,
  });
  const status = run.exitCode === 0 ? parseStatus(run.lines, machine) : undefined;
  if (status) return status;
  if (run.exitCode === 0) {
    throw new VagrantError(
      `\`${run.command}\` in ${project.dir} said nothing of a machine named ${machine}.\n` +
        '  fix: netlab\'s Vagrantfile defines one machine, "default"; check the Vagrantfile ' +
        'in that folder',
    );
  }
  throw explainVagrantFailure(
    run,
    project.dir,
    'fix what Vagrant says, then run the command again',
  );
}
