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

class Waiter {
  private settle!: (outcome: Outcome) => void;
  readonly outcome = new Promise<Outcome>((resolve) => {
    this.settle = resolve;
  });
  settled = false;
  failed = false;
  skipped = false;

  resolve(outcome: Outcome): void {
    if (this.settled) return;
    this.settled = true;
    this.failed = outcome.state === 'fail';
    this.skipped = outcome.state === 'skip';
    this.settle(outcome);
  }
}

type AnyTask = ListrTaskWrapper<unknown, never, never>;

/**
 * Live progress of one run, as listr2 tasks: each waits for the guest's marker of its
 * step, so the list shows what the guest is doing while it does it. Without a TTY,
 * listr2 falls back to plain lines.
 */
export class RunProgress {
  private readonly waiters = new Map<string, Waiter>();
  /** Set once the job is over without reaching some steps: their phases show as not run. */
  private endedEarly?: string;

  constructor(private readonly plan: Plan, private readonly targetLabel: string,
    private readonly keep: boolean, private readonly reusesConnection = false) {}

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

  private task(key: string, title: string): ListrTask<unknown> {
    return {
      title,
      task: async (_ctx, task) => follow(task as unknown as AnyTask, this.waiter(key)),
    };
  }

  /** The task list; run it beside the job and await both. */
  list(): Listr<unknown> {
    const { plan } = this;
    const tasks: ListrTask<unknown>[] = [
      { title: `Lab ${plan.scenario.name}`, task: () => undefined },
      this.task('connect', `${this.reusesConnection ? 'Connected to' : 'Connect to'} ${this.targetLabel}`),
      this.task('preflight', 'Check the guest: ip, ping, sysctl, network namespaces'),
    ];
    for (const { phase, title } of PHASES) {
      const steps = plan.steps.filter((step) => step.phase === phase);
      if (steps.length === 0) continue;
      tasks.push({
        title,
        skip: () => this.skipPhase(steps.map((s) => s.id)),
        task: (_ctx, task) => task.newListr(
          steps.map((step) => this.task(step.id, step.settle ? step.title : quoteCommand(step.argv))),
          { exitOnError: true }),
      });
    }
    if (plan.checks.length > 0) {
      tasks.push({
        title: 'Checks',
        skip: () => this.skipPhase(plan.checks.map((c) => c.check.id)),
        task: (_ctx, task) => task.newListr(
          plan.checks.map((ping) => this.task(ping.check.id, ping.check.label)),
          { concurrent: true, exitOnError: false, rendererOptions: { collapseSubtasks: false } }),
      });
    }
    tasks.push(this.task('collect', 'Collect addresses, routes and sysctls'));
    tasks.push(this.task('teardown', this.keep ? 'Leave the lab up (--keep)' : 'Teardown'));

    return new Listr(tasks, {
      concurrent: false,
      exitOnError: false,
      registerSignalListeners: false,
      rendererOptions: { collapseErrors: false, showErrorMessage: true },
      fallbackRenderer: PlainRenderer,
    });
  }

  connected(error?: Error): void {
    this.settle('connect', error ? { state: 'fail', message: firstLine(error.message) } : { state: 'ok' });
  }

  onEvent(event: GuestEvent): void {
    switch (event.kind) {
      case 'preflight':
        if (event.state === 'ok') this.settle('preflight', { state: 'ok' });
        return;
      case 'step':
        if (event.state === 'ok') this.settle(event.id, { state: 'ok' });
        if (event.state === 'fail') {
          this.settle(event.id, { state: 'fail', message: firstLine(event.output) || `exit ${event.exitCode}` });
        }
        return;
      case 'check': {
        if (event.state !== 'done') return;
        const ping = this.plan.checks.find((c) => c.check.id === event.id);
        if (!ping) return;
        const result = evaluateCheck(ping, event.exitCode, event.attempts, event.output,
          parsePing(event.output, ping.check.to));
        const seen = result.observed === 'reachable'
          ? `reachable${result.ttl === undefined ? '' : `, ttl ${result.ttl}`}` +
            `${result.rttMs === undefined ? '' : `, ${result.rttMs} ms`}`
          : 'unreachable';
        this.settle(event.id, result.passed
          ? { state: 'ok', title: `${ping.check.label}: ${seen}` }
          : { state: 'fail', message: result.reason ?? 'failed' });
        return;
      }
      case 'phase':
        if (event.phase === 'teardown') this.settle('collect', { state: 'ok' });
        return;
      case 'kept':
        this.settle('collect', { state: 'ok' });
        this.settle('teardown', { state: 'ok', title: `Left up (--keep): netlab down ${this.plan.scenario.name} removes it` });
        return;
      case 'end':
        this.settle('collect', { state: 'ok' });
        if (event.status === 'ok' || event.status === 'failed') this.settle('teardown', { state: 'ok' });
        return;
      default:
        return;
    }
  }

  /** A phase none of whose steps ran, once the job is over: one line, not one per step. */
  private skipPhase(keys: string[]): string | false {
    const untouched = keys.every((key) => {
      const waiter = this.waiters.get(key);
      return waiter === undefined || !waiter.settled || waiter.skipped;
    });
    return this.endedEarly !== undefined && untouched ? this.endedEarly : false;
  }

  /** The job is over: whatever did not report is shown as not run, with the reason. */
  finish(error?: Error, interrupted = false): void {
    const why = interrupted ? 'interrupted' : 'not run';
    this.endedEarly = why;
    // The first task left waiting takes the blame, unless one has failed already.
    let blamed = [...this.waiters.values()].some((w) => w.failed);
    const keys = ['connect', 'preflight', ...this.plan.steps.map((s) => s.id),
      ...this.plan.checks.map((c) => c.check.id), 'collect', 'teardown'];
    for (const key of keys) {
      const waiter = this.waiter(key);
      if (waiter.settled) continue;
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
  const outcome = await waiter.outcome;
  if (outcome.state === 'ok' && outcome.title) task.title = outcome.title;
  if (outcome.state === 'skip') task.skip(outcome.why);
  if (outcome.state === 'fail') throw new Error(outcome.message);
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
