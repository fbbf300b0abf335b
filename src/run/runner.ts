import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { EnvironmentError, NetlabError } from '../errors.js';
import type { Plan } from '../plan/plan.js';
import { renderGuestScript } from '../plan/render.js';
import { quoteCommand } from '../plan/shell.js';
import type { GuestJob, Target } from '../target/target.js';
import { parseMarker } from './markers.js';
import type { GuestEvent } from './markers.js';
import { parsePing } from './ping.js';
import { evaluateCheck } from './results.js';
import type { CheckResult, Collected, RunResult, StepResult } from './results.js';
import { explainStepFailure } from './step-failure.js';

const GUEST_LIBRARY = new URL('../../guest/netlab-guest.sh', import.meta.url);

/** The guest side's shell library, shipped beside the code and uploaded with every job. */
export async function guestLibrary(): Promise<string> {
  return readFile(GUEST_LIBRARY, 'utf8');
}

/** A guest step failed; the message quotes the command and the kernel's words. */
export class GuestStepError extends EnvironmentError {}

export interface RunOptions {
  keep: boolean;
  /** Aborting stops the run in the guest and removes what it made. */
  signal?: AbortSignal;
  /** Every marker the guest prints, for live progress. */
  onEvent?: (event: GuestEvent) => void;
  /** The command that takes a lab (by scenario name) down, for hints; "netlab down NAME". */
  downCommand?: (name: string) => string;
}

/** Run one plan on a connected target: apply, check, collect, tear down, in one job. */
export async function runPlan(target: Target, plan: Plan, scenarioText: string,
  options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const library = await guestLibrary();
  const state = new RunState(plan, options.downCommand ?? ((name) => `netlab down ${name}`));
  // Names this run in the guest, so an interrupt can stop it even before it has a journal.
  const run = randomBytes(8).toString('hex');

  const job: GuestJob = {
    files: { 'lab.sh': renderGuestScript(plan), 'netlab-guest.sh': library, 'scenario.yaml': scenarioText },
    entry: 'lab.sh',
    args: ['--run', run, ...(options.keep ? ['--keep'] : [])],
  };

  let interrupted = false;
  let downDone: Promise<{ removed: string[] } | undefined> | undefined;
  const onAbort = () => {
    interrupted = true;
    downDone = downLab(target, plan.lab, library, undefined, run).catch(() => undefined);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  let error: NetlabError | undefined;
  try {
    const result = await target.run(job, (line) => {
      const event = parseMarker(line);
      if (!event) return;
      state.apply(event);
      options.onEvent?.(event);
    });
    error = interrupted ? undefined : state.outcomeError(result.exitCode, result.stderr, target.label);
  } catch (caught) {
    error = caught instanceof NetlabError ? caught : new EnvironmentError(String(caught), { cause: caught });
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (downDone) {
    // An interrupt that came before the guest had registered the run could not stop it;
    // whatever it went on to build is removed now that it has ended.
    const stopped = [await downDone, await downLab(target, plan.lab, library).catch(() => undefined)];
    for (const removed of stopped.flatMap((s) => s?.removed ?? [])) {
      if (!state.removed.includes(removed)) state.removed.push(removed);
    }
    state.kept = false;
  }

  return {
    lab: plan.lab,
    plan,
    target: target.label,
    startedAt: new Date(started),
    durationMs: Date.now() - started,
    steps: state.stepResults(),
    checks: state.checks,
    collected: [...state.collected.values()],
    removed: state.removed,
    leftovers: state.leftovers,
    kept: state.kept,
    interrupted,
    error,
  };
}

/** `netlab down`: stop a run of this lab if one is going, and remove what it made. */
export async function downLab(target: Target, lab: string, library?: string,
  onEvent?: (event: GuestEvent) => void, run?: string):
  Promise<{ removed: string[]; gone: string[]; wasUp: boolean }> {
  const removed: string[] = [];
  const gone: string[] = [];
  let wasUp = true;
  let end = '';
  const result = await target.run({
    files: { 'netlab-guest.sh': library ?? await guestLibrary() },
    entry: 'netlab-guest.sh',
    args: ['down', lab, ...(run ? [run] : [])],
  }, (line) => {
    const event = parseMarker(line);
    if (!event) return;
    onEvent?.(event);
    if (event.kind === 'removed' && event.state === 'ok') removed.push(event.netns);
    if (event.kind === 'removed' && event.state === 'gone') gone.push(event.netns);
    if (event.kind === 'down' && event.state === 'absent') wasUp = false;
    if (event.kind === 'end') end = event.status;
  });
  if (end !== 'ok') {
    throw new EnvironmentError(`could not take ${lab} down on ${target.label} ` +
      `(exit ${result.exitCode}${end ? `, ${end}` : ''})${result.stderr ? `:\n${result.stderr.trim()}` : ''}`);
  }
  return { removed, gone, wasUp };
}

/** Folds the guest's events into the results of the run. */
class RunState {
  private readonly results = new Map<string, StepResult>();
  readonly checks: CheckResult[] = [];
  readonly collected = new Map<string, Collected>();
  readonly removed: string[] = [];
  readonly leftovers: string[] = [];
  private readonly checkStarts = new Map<string, number>();
  private readonly missing: string[] = [];
  private readonly install = new Map<string, Set<string>>();
  private readonly conflicts: string[] = [];
  private teardownFailures: string[] = [];
  private failed?: StepResult;
  private end?: string;
  kept = false;

  constructor(private readonly plan: Plan, private readonly downCommand: (name: string) => string) {
    for (const step of plan.steps) this.results.set(step.id, { step, state: 'not-run', output: '' });
  }

  apply(event: GuestEvent): void {
    switch (event.kind) {
      case 'step': {
        const result = this.results.get(event.id);
        if (!result) return;
        if (event.state === 'start') {
          result.startedAt = Date.now();
          return;
        }
        result.durationMs = result.startedAt ? Date.now() - result.startedAt : undefined;
        result.output = event.output;
        if (event.state === 'ok') result.state = 'ok';
        else {
          result.state = 'failed';
          result.exitCode = event.exitCode;
          result.explanation = explainStepFailure(result.step, event.output, this.plan);
          this.failed = result;
        }
        return;
      }
      case 'check': {
        if (event.state === 'start') {
          this.checkStarts.set(event.id, Date.now());
          return;
        }
        const ping = this.plan.checks.find((c) => c.check.id === event.id);
        if (!ping) return;
        const result = evaluateCheck(ping, event.exitCode, event.attempts, event.output,
          parsePing(event.output, ping.check.to));
        const startedAt = this.checkStarts.get(event.id);
        result.durationMs = startedAt ? Date.now() - startedAt : undefined;
        this.checks.push(result);
        return;
      }
      case 'collect': {
        const entry = this.collected.get(event.node) ?? { node: event.node };
        if (event.what === 'address' || event.what === 'route4' || event.what === 'route6' ||
          event.what === 'sysctl') {
          entry[event.what] = event.data;
        }
        this.collected.set(event.node, entry);
        return;
      }
      case 'preflight':
        if (event.state === 'missing') {
          this.missing.push(`${event.command} (package ${event.pkg})`);
          const packages = this.install.get(event.manager) ?? new Set<string>();
          packages.add(event.pkg);
          this.install.set(event.manager, packages);
        } else if (event.state === 'kernel') {
          this.missing.push(event.feature === 'ipv6'
            ? 'IPv6 (the kernel has it disabled; the scenario uses IPv6 addresses)'
            : 'network namespaces (the kernel has no CONFIG_NET_NS)');
        } else if (event.state === 'broken') {
          this.missing.push(`working network namespaces: ip netns list says ${event.output.trim()}`);
        }
        return;
      case 'conflict':
        this.conflicts.push(event.owner
          ? `${event.netns} belongs to lab ${event.owner}, which is up; take it down first ` +
            `(${this.downCommand(unprefixed(event.owner, this.plan.prefix))}) or rename the node`
          : `${event.netns} exists and netlab did not create it; netlab will not touch it. ` +
            `Remove it yourself (ip netns delete ${event.netns}) or rename the node`);
        return;
      case 'removed':
        if (event.state === 'fail') this.teardownFailures.push(`${event.netns}: ${event.output.trim()}`);
        else if (event.why === 'teardown') this.removed.push(event.netns);
        else this.leftovers.push(event.netns);
        return;
      case 'kept':
        this.kept = true;
        return;
      case 'end':
        this.end = event.status;
        return;
      default:
        return;
    }
  }

  stepResults(): StepResult[] {
    return this.plan.steps.map((step) => this.results.get(step.id) as StepResult);
  }

  /** What went wrong in the environment, once the job has ended; undefined if nothing did. */
  outcomeError(exitCode: number, stderr: string, where: string): NetlabError | undefined {
    switch (this.end) {
      case 'ok':
        return undefined;
      case 'failed':
        return this.failed
          ? stepError(this.failed, this.kept, this.downCommand(this.plan.scenario.name)) : undefined;
      case 'preflight': {
        const commands = [...this.install].map(([manager, packages]) =>
          installCommand(manager, [...packages]));
        return new EnvironmentError(`${where} lacks what netlab needs:\n` +
          this.missing.map((m) => `  - ${m}`).join('\n') +
          (commands.length > 0 ? `\n  fix: in the guest, run ${commands.join(' ; ')}` : ''));
      }
      case 'conflict':
        return new EnvironmentError(`the lab's namespace names are taken on ${where}:\n` +
          this.conflicts.map((c) => `  - ${c}`).join('\n'));
      case 'busy':
        return new EnvironmentError(`another netlab run holds ${where} for over two minutes.\n` +
          '  fix: wait for it to end, or see netlab status');
      case 'interrupted':
        return new EnvironmentError(`the run in ${where} was stopped by a signal there; ` +
          `it removed what it had made${this.removed.length > 0 ? ` (${this.removed.join(', ')})` : ''}`);
      case 'not-root':
        return new EnvironmentError(`the guest script did not run as root on ${where}.`);
      case 'teardown':
        return new EnvironmentError(`teardown on ${where} could not remove:\n` +
          this.teardownFailures.map((f) => `  - ${f}`).join('\n') +
          `\n  fix: run ${this.downCommand(this.plan.scenario.name)} again; the journal still lists them`);
      default: {
        const said = stderr.trim().split('\n').slice(-5).join('\n');
        return new EnvironmentError(`the run in ${where} stopped unexpectedly (exit ${exitCode})` +
          (said ? `:\n${said}` : '') +
          `\n  fix: check that bash runs there; ${this.downCommand(this.plan.scenario.name)} ` +
          'removes anything it left');
      }
    }
  }
}

/** A lab's name as the user gives it: without this run's namespace prefix. */
function unprefixed(lab: string, prefix: string): string {
  return prefix !== '' && lab.startsWith(`${prefix}+`) ? lab.slice(prefix.length + 1) : lab;
}

function stepError(failed: StepResult, kept: boolean, downCommand: string): GuestStepError {
  const command = quoteCommand(failed.step.argv);
  const said = failed.output.trim() || `(no message; exit ${failed.exitCode})`;
  const lines = [
    `step failed: ${failed.step.title}`,
    `  command: ${command}`,
    `  kernel:  ${said.split('\n').join('\n           ')}`,
  ];
  if (failed.explanation) lines.push(`  meaning: ${failed.explanation}`);
  lines.push(kept
    ? `  the lab was left as it is (--keep); ${downCommand} removes it`
    : '  everything the run had created was removed');
  return new GuestStepError(lines.join('\n'));
}

function installCommand(manager: string, packages: string[]): string {
  const list = packages.join(' ');
  switch (manager) {
    case 'dnf':
    case 'yum':
      return `sudo ${manager} install -y ${list}`;
    case 'apk':
      return `sudo apk add ${list}`;
    case 'pacman':
      return `sudo pacman -S --noconfirm ${list}`;
    case 'zypper':
      return `sudo zypper install -y ${list}`;
    default:
      return `sudo apt-get install -y ${list}`;
  }
}
