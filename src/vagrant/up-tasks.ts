import { Listr } from 'listr2';
import type { ListrTask, ListrTaskWrapper } from 'listr2';
import { PlainRenderer } from '../run/plain-renderer.js';
import { VagrantTarget } from '../target/vagrant.js';
import { boxBuildProblem, chosenBox } from './box.js';
import { checkGuest } from './guest-check.js';
import { hostArchitecture } from './host.js';
import type { HostArch } from './host.js';
import type { VagrantProject } from './project.js';
import { readSshDetails } from './ssh-details.js';
import type { SshConfigHost } from './ssh-config.js';
import { conditionOf, readMachineStatus } from './status.js';
import type { MachineStatus } from './status.js';
import { bringVmUp } from './up.js';
import { UP_PHASES } from './up-messages.js';
import type { UpPhase } from './up-messages.js';
import { PhaseTracker } from './up-phase-tracker.js';
import { findVagrant } from './version.js';
import { VagrantError } from './vagrant-error.js';

/** What `netlab vm up` learns as it goes; the command reports from it. */
export interface UpContext {
  project: VagrantProject;
  provider?: string;
  identity?: string;
  signal?: AbortSignal;
  arch?: HostArch;
  vagrant?: string;
  status?: MachineStatus;
  alreadyRunning?: boolean;
  usedProvider?: string;
  ssh?: SshConfigHost;
  target?: VagrantTarget;
  /** The whole error of the task that failed; listr shows its first line only. */
  failure?: Error;
}

type Task = ListrTaskWrapper<UpContext, never, never>;

/** Keeps the full error for the report and gives listr a one-line one to show. */
async function runStep(ctx: UpContext, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    ctx.failure ??= error as Error;
    throw new Error((error as Error).message.split('\n')[0]);
  }
}

function phaseTitles(): Record<UpPhase, string> {
  const box = chosenBox();
  return {
    start: 'Start Vagrant',
    box: `Get the box ${box.name}${box.version ? ` ${box.version}` : ''}`,
    boot: 'Boot the VM',
    provision: 'Provision the guest (provision/guest.sh)',
  };
}

function checkRequestedProvider(ctx: UpContext, status: MachineStatus): void {
  if (
    ctx.provider &&
    conditionOf(status.state) !== 'not-created' &&
    ctx.provider !== status.provider
  ) {
    throw new VagrantError(
      `the VM exists already with provider ${status.provider}; --provider ` +
        `${ctx.provider} applies only when it is created.\n` +
        `  fix: leave out --provider, or remove the VM first with netlab vm destroy`,
    );
  }
  const problem = boxBuildProblem(ctx.arch ?? 'amd64', ctx.provider ?? status.provider);
  if (problem && conditionOf(status.state) === 'not-created') throw problem;
}

function vagrantUpTask(): ListrTask<UpContext> {
  return {
    title: 'Bring the VM up: vagrant up',
    skip: (ctx) => (ctx.alreadyRunning ? 'it is running already' : false),
    task: (ctx, task) => {
      const phases = new PhaseTracker();
      const titles = phaseTitles();
      bringVmUp(ctx.project, {
        provider: ctx.provider,
        signal: ctx.signal,
        onMessage: (message) => {
          if (message.kind === 'say' && message.level !== 'error') phases.say(message.text);
          if (message.kind === 'provider')
            task.title = `Bring the VM up: vagrant up (${message.provider})`;
        },
      }).then(
        (provider) => {
          ctx.usedProvider = provider;
          phases.finish();
        },
        (error: Error) => {
          ctx.failure ??= error;
          phases.finish(error);
        },
      );
      return task.newListr(
        UP_PHASES.map((phase) => ({
          title: titles[phase],
          task: async (_ctx, sub) => {
            phases.onSay(phase, (text) => {
              sub.output = text;
            });
            const outcome = await phases.outcome(phase);
            if (outcome.state === 'skip') sub.skip(outcome.why);
            if (outcome.state === 'fail') throw new Error(outcome.message);
          },
        })),
        { exitOnError: true },
      );
    },
  };
}

/** netlab vm up, as listr2 tasks: each one does its step and shows how it went. */
export function vmUpTasks(): Listr<UpContext> {
  const tasks: ListrTask<UpContext>[] = [
    {
      title: 'Find Vagrant',
      task: (ctx, task: Task) =>
        runStep(ctx, async () => {
          ctx.arch = (await hostArchitecture()).arch;
          ctx.vagrant = await findVagrant(ctx.project, ctx.arch);
          task.title = `Vagrant ${ctx.vagrant}`;
        }),
    },
    {
      title: 'Check the VM: vagrant status',
      task: (ctx, task: Task) =>
        runStep(ctx, async () => {
          const status = await readMachineStatus(ctx.project);
          ctx.status = status;
          ctx.alreadyRunning = conditionOf(status.state) === 'running';
          checkRequestedProvider(ctx, status);
          task.title =
            conditionOf(status.state) === 'not-created'
              ? `The VM is not created yet (${ctx.provider ?? status.provider})`
              : `The VM is ${status.state} (${status.provider})`;
        }),
    },
    vagrantUpTask(),
    {
      title: 'Read the SSH details: vagrant ssh-config',
      task: (ctx, task: Task) =>
        runStep(ctx, async () => {
          const ssh = await readSshDetails(ctx.project);
          ctx.ssh = ssh;
          task.title = `SSH details: ${ssh.user}@${ssh.hostName}:${ssh.port}`;
        }),
    },
    {
      title: 'Connect over SSH',
      task: (ctx, task: Task) =>
        runStep(ctx, async () => {
          ctx.target = new VagrantTarget({
            projectDir: ctx.project.dir,
            identity: ctx.identity,
            ssh: ctx.ssh,
          });
          await ctx.target.connect();
          task.title = `Connected to ${ctx.target.address}`;
        }),
    },
    {
      title: 'Check the guest: ip, ping, sysctl, network namespaces, IPv6',
      task: (ctx) =>
        runStep(ctx, async () => {
          const guest = await checkGuest(ctx.target as VagrantTarget);
          if (guest.ready) return;
          throw new VagrantError(
            'the VM is up, but the guest lacks what labs need:\n' +
              `${guest.problems.map((p) => `  - ${p}`).join('\n')}\n` +
              `  fix: run vagrant provision in ${ctx.project.dir} (it runs provision/guest.sh)` +
              (guest.packages.length > 0
                ? `, or in netlab vm ssh: apt-get install -y ${guest.packages.join(' ')}`
                : ''),
          );
        }),
    },
  ];
  return new Listr(tasks, {
    concurrent: false,
    exitOnError: true,
    registerSignalListeners: false,
    rendererOptions: { collapseSubtasks: false, collapseErrors: false, showErrorMessage: true },
    fallbackRenderer: PlainRenderer,
  });
}
