import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { ExitCode, UsageError } from '../errors.js';
import type { ExitCodeValue } from '../errors.js';
import { VagrantTarget } from '../target/vagrant.js';
import { runActionTask } from '../vagrant/action-task.js';
import { findVagrantProject } from '../vagrant/project.js';
import type { VagrantProject } from '../vagrant/project.js';
import { shellJob } from '../vagrant/shell-job.js';
import { conditionOf, readMachineStatus } from '../vagrant/status.js';
import type { MachineStatus } from '../vagrant/status.js';
import { vmUpTasks } from '../vagrant/up-tasks.js';
import type { UpContext } from '../vagrant/up-tasks.js';
import { destroyVm, haltVm } from '../vagrant/vm-actions.js';
import { action } from './cli-options.js';
import { doctorCommand } from './doctor.js';
import { catchInterrupt } from './interrupt.js';
import type { Output } from './output.js';

/** netlab vm up|status|ssh|halt|destroy and netlab doctor. */
export function registerVmCommands(program: Command, io: Output): void {
  const vm = program
    .command('vm')
    .description("the lab VM, run by Vagrant from the Vagrantfile here or netlab's own");

  vm.command('up')
    .description('create or start the VM, then check SSH and the guest (quick when it is up)')
    .option(
      '--provider <name>',
      'virtualbox, vmware_desktop, parallels or libvirt, for a new VM ' +
        '(env NETLAB_VM_PROVIDER)',
    )
    .option('-i, --identity <file>', 'SSH private key to use instead of the one Vagrant names')
    .action(
      action((options: { provider?: string; identity?: string }) => vmUpCommand(options, io)),
    );

  vm.command('status')
    .description('whether the VM is created and running, and which provider runs it')
    .action(action(() => vmStatusCommand(io)));

  vm.command('ssh')
    .argument('[command...]', 'a command to run instead of a shell (put -- before it)')
    .description('a root shell in the VM, where labs run (or one command, with its exit code)')
    .option('-i, --identity <file>', 'SSH private key to use instead of the one Vagrant names')
    .action(
      action((command: string[], options: { identity?: string }) =>
        vmSshCommand(command, options),
      ),
    );

  vm.command('halt')
    .description('shut the VM down; netlab vm up starts it again')
    .action(action(() => vmHaltCommand(io)));

  vm.command('destroy')
    .description('delete the VM and its disk (asks first on a terminal)')
    .option('-f, --force', 'do not ask')
    .action(action((options: { force?: boolean }) => vmDestroyCommand(options, io)));

  program
    .command('doctor')
    .description(
      'is this machine ready for the lab VM? says what to install, and checks the guest',
    )
    .action(action(() => doctorCommand(io)));
}

function parseProviderOption(text: string | undefined): string | undefined {
  const provider = text?.trim();
  if (!provider) return undefined;
  if (!/^[a-z][a-z0-9_-]*$/.test(provider)) {
    throw new UsageError(
      `--provider ${JSON.stringify(provider)}: expected a Vagrant provider name ` +
        'such as virtualbox, vmware_desktop, parallels or libvirt',
    );
  }
  return provider;
}

function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function describeFolder(project: VagrantProject): string {
  const whose = project.source === 'netlab' ? " (netlab's own Vagrantfile)" : '';
  return `  folder: ${project.dir}${whose}`;
}

export async function vmUpCommand(
  options: { provider?: string; identity?: string },
  io: Output,
): Promise<ExitCodeValue> {
  const provider = parseProviderOption(options.provider ?? process.env.NETLAB_VM_PROVIDER);
  const started = Date.now();
  const interrupt = catchInterrupt(io, 'letting vagrant stop cleanly');

  const ctx: UpContext = {
    project: findVagrantProject(),
    provider,
    identity: options.identity,
    signal: interrupt.signal,
  };
  try {
    await vmUpTasks().run(ctx);
  } catch (error) {
    throw ctx.failure ?? error;
  } finally {
    interrupt.dispose();
    await ctx.target?.close();
  }

  const where = `${ctx.target?.address} (${ctx.usedProvider || ctx.status?.provider})`;
  const took = formatDuration(Date.now() - started);
  io.out(
    ctx.alreadyRunning
      ? `\nThe lab VM was running already: ${where}; nothing to boot, guest checked in ${took}.`
      : `\nThe lab VM is up: ${where}, ready for labs, in ${took}.`,
  );
  io.out('  next: netlab run router-lab');
  return ExitCode.passed;
}

function describeStatus(status: MachineStatus): string[] {
  switch (conditionOf(status.state)) {
    case 'running':
      return [
        `The lab VM is running (${status.provider}).`,
        '  next:   netlab run LAB uses it; netlab vm ssh opens a shell; netlab vm halt stops it',
      ];
    case 'not-created':
      return [
        `The lab VM is not created yet (it would use ${status.provider}).`,
        '  next:   netlab vm up creates it; the first time downloads the box, a few minutes',
      ];
    default:
      return [
        `The lab VM is not running: ${status.state} (${status.provider}).`,
        '  next:   netlab vm up starts it; netlab vm destroy deletes it',
      ];
  }
}

export async function vmStatusCommand(io: Output): Promise<ExitCodeValue> {
  const project = findVagrantProject();
  const status = await readMachineStatus(project);
  const [headline = '', next = ''] = describeStatus(status);
  io.out([headline, describeFolder(project), next].join('\n'));
  return ExitCode.passed;
}

export async function vmSshCommand(
  command: string[],
  options: { identity?: string },
): Promise<ExitCodeValue> {
  const target = new VagrantTarget({ identity: options.identity });
  await target.connect();
  try {
    // The shell's own exit code is passed on, as ssh(1) does.
    return (await target.attach(shellJob(command))) as ExitCodeValue;
  } finally {
    await target.close();
  }
}

export async function vmHaltCommand(io: Output): Promise<ExitCodeValue> {
  const project = findVagrantProject();
  const status = await readMachineStatus(project);
  const condition = conditionOf(status.state);
  if (condition !== 'running') {
    io.out(
      condition === 'not-created'
        ? 'The lab VM is not created; nothing to halt.'
        : `The lab VM is not running (${status.state}); nothing to halt.`,
    );
    return ExitCode.passed;
  }
  await runActionTask(`Halt the VM: vagrant halt (${status.provider})`, (onSay) =>
    haltVm(project, onSay),
  );
  io.out('The lab VM is halted; netlab vm up starts it again.');
  return ExitCode.passed;
}

async function confirm(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

export async function vmDestroyCommand(
  options: { force?: boolean },
  io: Output,
): Promise<ExitCodeValue> {
  const project = findVagrantProject();
  const status = await readMachineStatus(project);
  if (conditionOf(status.state) === 'not-created') {
    io.out('The lab VM is not created; nothing to destroy.');
    return ExitCode.passed;
  }
  // Without a terminal there is nobody to ask: CI and scripts destroy what they asked for.
  if (!options.force && process.stdin.isTTY) {
    const yes = await confirm(
      `Destroy the lab VM (${status.state}, ${status.provider}) in ${project.dir}? ` +
        'Its disk and everything in it are deleted. [y/N] ',
    );
    if (!yes) {
      io.out('Kept the lab VM.');
      return ExitCode.passed;
    }
  }
  await runActionTask(`Destroy the VM: vagrant destroy (${status.provider})`, (onSay) =>
    destroyVm(project, onSay),
  );
  io.out(
    'The lab VM is destroyed; the box stays downloaded, so netlab vm up makes a new one quickly.',
  );
  return ExitCode.passed;
}
