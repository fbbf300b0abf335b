import { explainVagrantFailure } from './failure.js';
import { MACHINE } from './project.js';
import type { VagrantProject } from './project.js';
import { readUpLine } from './up-messages.js';
import { runVagrant } from './vagrant-cli.js';

/** Vagrant's words as it goes, for a progress line. */
export type OnSay = (text: string) => void;

async function runMachineAction(
  project: VagrantProject,
  args: string[],
  onSay: OnSay | undefined,
  fix: string,
): Promise<void> {
  const run = await runVagrant(project, [...args, '--machine-readable'], {
    onLine: (line) => {
      const message = readUpLine(line, MACHINE);
      if (message?.kind === 'say') onSay?.(message.text);
    },
  });
  if (run.exitCode !== 0) throw explainVagrantFailure(run, project.dir, fix);
}

/** `vagrant halt`: a clean shutdown of the guest. */
export function haltVm(project: VagrantProject, onSay?: OnSay): Promise<void> {
  return runMachineAction(
    project,
    ['halt', MACHINE],
    onSay,
    'try again; if the guest hangs, vagrant halt --force in that folder powers it off',
  );
}

/** `vagrant destroy -f`: the VM and its disk are deleted; the box stays for next time. */
export function destroyVm(project: VagrantProject, onSay?: OnSay): Promise<void> {
  return runMachineAction(
    project,
    ['destroy', '--force', MACHINE],
    onSay,
    'fix what Vagrant says, then run netlab vm destroy again',
  );
}
