import { Listr } from 'listr2';
import type { ListrTask, ListrTaskWrapper } from 'listr2';
import type { Plan } from '../plan/plan.js';
import { PHASES } from '../plan/plan.js';
import { quoteCommand } from '../plan/shell.js';
import type { GuestEvent } from './markers.js';
import { parsePing } from './ping.js';
import { PlainRenderer } from './plain-renderer.js';
import { evaluateCheck } from './results.js';

type Outcome =
  | { state: 'ok'; title?: string }
  | { state: 'skip'; why: string }
  | { state: 'fail'; message: string };

type AnyTask = ListrTaskWrapper<unknown, never, never>;

class Waiter {
  private settle!: (outcome: Outcome) => void;
  readonly outcome = new Promise<Outcome>((resolve) => {
    this.settle = resolve;
  });
  state?: Outcome['state'];
  /** While its task runs, a line under it: what the guest is doing meanwhile. */
  onNote?: (text: string) => void;

  resolve(outcome: Outcome): void {
    if (this.state) return;
    this.state = outcome.state;
    this.settle(outcome);
  }
}

export interface ProgressOptions {
  keep: boolean;
  /** A later scenario of `run --all`: the connection is already open. */
  reusesConnection?: boolean;
  /** How to take the lab down by hand, for the --keep line: "netlab down router-lab ...". */
  downCommand: string;
}

/**
 * Live progress of one run, as listr2 tasks: each waits for the guest's marker of its
 * step, so the list shows what the guest is doing while it does it. Without a usable
 * terminal, a plain renderer prints one line per step instead.
 */
export class RunProgress {
  private readonly waiters = new Map<string, Waiter>();
  private endedEarly?: string;

  constructor(private readonly plan: Plan, private readonly targetLabel: string,
    private readonly options: ProgressOptions) {}

  private waiter(key: string): Waiter {
    let found = this.waiters.get(key);
    if (!found) {
      found = new Waiter();
      this.waiters.set(key, found);
    }
    return found;
  }

  private settle(key: string, outcome: Outcome): void {
    this.waiter(key).resolve(outcome);
  }

  private note(key: string, text: string): void {
    this.waiter(key).onNote?.(text);
  }

  private task(key: string, title: string): ListrTask<unknown> {
    return { title, task: async (_ctx, task) => follow(task as unknown as AnyTask, this.waiter(key)) };
  }

  /** A phase: its steps as subtasks; one "not run" line when the job ended before it. */
  private phase(title: string, keys: string[], titles: string[], concurrent: boolean): ListrTask<unknown> {
    return {
      title,
      skip: () => this.skipPhase(keys),
      task: (_ctx, task) => task.newListr(keys.map((key, i) => this.task(key, titles[i] ?? key)), {
        concurrent,
        exitOnError: false,
        rendererOptions: { collapseSubtasks: !concurrent },
      }),
    };
  }

  private skipPhase(keys: string[]): string | false {
    const untouched = keys.every((key) => {
      const state = this.waiters.get(key)?.state;
      return state === undefined || state === 'skip';
    });
    return this.endedEarly !== undefined && untouched ? this.endedEarly : false;
  }

  /** The task list; run it beside the job and await both. */
  list(): Listr<unknown> {
    const { plan } = this;
    const tasks: ListrTask<unknown>[] = [
      { title: `Lab ${plan.scenario.name}`, task: () => undefined },
      this.task('connect', this.options.reusesConnection
        ? `Connection to ${this.targetLabel} (open)` : `Connect to ${this.targetLabel}`),
      this.task('preflight', 'Upload the lab; check the guest has ip, ping, sysctl and namespaces'),
    ];
    for (const { phase, title } of PHASES) {
      const steps = plan.steps.filter((step) => step.phase === phase);
      if (steps.length === 0) continue;
      tasks.push(this.phase(title, steps.map((s) => s.id),
        steps.map((s) => (s.settle ? s.title : quoteCommand(s.argv))), false));
    }
    if (plan.checks.length > 0) {
      tasks.push(this.phase('Checks', plan.checks.map((c) => c.check.id),
        plan.checks.map((c) => c.check.label), true));
    }
    tasks.push(this.task('collect', 'Collect addresses, routes and sysctls'));
    tasks.push(this.task('teardown', this.options.keep ? 'Leave the lab up (--keep)' : 'Teardown'));

    return new Listr(tasks, {
      concurrent: false,
      exitOnError: false,
      registerSignalListeners: false,
      rendererOptions: { collapseErrors: false, showErrorMessage: true },
      fallbackRenderer: PlainRenderer,
      // A terminal that reports no width would get one character per line.
      fallbackRendererCondition: () => !process.stdout.isTTY || !process.stdout.columns,
    });
  }

  connected(error?: Error): void {
    this.settle('connect', error ? { state: 'fail', message: firstLine(error.message) } : { state: 'ok' });
  }

  onEvent(event: GuestEvent): void {
    switch (event.kind) {
      case 'waiting':
        this.note('preflight', 'waiting for another netlab run in this guest to finish');
        return;
      case 'leftover':
        this.note('preflight', 'removing what an earlier run of this lab left');
        return;
      case 'preflight':
        // The guest's tools are there; the names are checked next, so the task waits on.
        if (event.state === 'ok') this.note('preflight', 'checking the names are free');
        return;
      case 'step':
        if (event.state === 'ok') this.settle(event.id, { state: 'ok' });
        if (event.state === 'fail') {
          this.settle(event.id, { state: 'fail', message: lastLine(event.output) || `exit ${event.exitCode}` });
        }
        return;
      case 'check':
        if (event.state === 'done') this.settleCheck(event.id, event.exitCode, event.attempts, event.output);
        return;
      case 'phase':
        this.settle('preflight', { state: 'ok' });
        if (event.phase === 'teardown') this.settle('collect', { state: 'ok' });
        return;
      case 'kept':
        this.settle('collect', { state: 'ok' });
        this.settle('teardown', { state: 'ok', title: `Left up (--keep): ${this.options.downCommand} removes it` });
        return;
      case 'end':
        if (event.status === 'interrupted') this.settle('teardown', { state: 'ok', title: 'Teardown after the interrupt' });
        else if (event.status === 'ok' || event.status === 'failed') {
          this.settle('collect', { state: 'ok' });
          this.settle('teardown', { state: 'ok' });
        }
        return;
      default:
        return;
    }
  }

  private settleCheck(id: string, exitCode: number, attempts: number, output: string): void {
    const ping = this.plan.checks.find((c) => c.check.id === id);
    if (!ping) return;
    const result = evaluateCheck(ping, exitCode, attempts, output, parsePing(output, ping.check.to));
    const seen = result.observed === 'reachable'
      ? `reachable${result.ttl === undefined ? '' : `, ttl ${result.ttl}`}` +
        `${result.rttMs === undefined ? '' : `, ${result.rttMs} ms`}`
      : 'unreachable';
    this.settle(id, result.passed
      ? { state: 'ok', title: `${ping.check.label}: ${seen}` }
      : { state: 'fail', message: result.reason ?? 'failed' });
  }

  /** The job is over: whatever did not report is shown as not run, with the reason. */
  finish(error?: Error, interrupted = false): void {
    const why = interrupted ? 'interrupted' : 'not run';
    this.endedEarly = why;
    // The first task left waiting takes the blame, unless one has failed already.
    let blamed = [...this.waiters.values()].some((w) => w.state === 'fail');
    const keys = ['connect', 'preflight', ...this.plan.steps.map((s) => s.id),
      ...this.plan.checks.map((c) => c.check.id), 'collect', 'teardown'];
    for (const key of keys) {
      const waiter = this.waiter(key);
      if (waiter.state) continue;
      if (error && !blamed && (key === 'connect' || key === 'preflight')) {
        waiter.resolve({ state: 'fail', message: firstLine(error.message) });
        blamed = true;
      } else {
        waiter.resolve({ state: 'skip', why });
      }
    }
  }
}

async function follow(task: AnyTask, waiter: Waiter): Promise<void> {
  waiter.onNote = (text) => {
    task.output = text;
  };
  const outcome = await waiter.outcome;
  waiter.onNote = undefined;
  if (outcome.state === 'ok' && outcome.title) task.title = outcome.title;
  if (outcome.state === 'skip') task.skip(outcome.why);
  if (outcome.state === 'fail') throw new Error(outcome.message);
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

/** A failed command prints its error last, after any output of the parts that worked. */
function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}
