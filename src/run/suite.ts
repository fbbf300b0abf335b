import { ExitCode, NetlabError } from '../errors.js';
import type { ExitCodeValue } from '../errors.js';
import { planScenario } from '../plan/plan.js';
import type { Plan } from '../plan/plan.js';
import type { Target } from '../target/target.js';
import type { GuestEvent } from './markers.js';
import type { RunResult } from './results.js';
import { runPlan } from './runner.js';
import { displayPath, readScenario } from './scenario-file.js';
import type { ScenarioFile } from './scenario-file.js';

/** One scenario of a suite: loaded and run, or why not. */
export interface ScenarioRun {
  name: string;
  file: string;
  loaded?: ScenarioFile;
  result?: RunResult;
  /** Why there is no result: an invalid scenario, a failed connection, an earlier failure. */
  error?: NetlabError;
  skipped?: string;
  exitCode: ExitCodeValue;
}

export interface SuiteRun {
  target: string;
  startedAt: Date;
  durationMs: number;
  runs: ScenarioRun[];
  exitCode: ExitCodeValue;
}

export interface SuiteHooks {
  /** A scenario is about to run; what it returns receives the guest's events. */
  onStart?(plan: Plan, index: number, loaded: ScenarioFile): ((event: GuestEvent) => void) | undefined;
  onConnected?(error?: Error): void;
  onDone?(run: ScenarioRun, index: number): Promise<void> | void;
}

export interface SuiteOptions {
  keep: boolean;
  prefix: string;
  /** Stop at the first scenario that does not pass. */
  bail: boolean;
  signal?: AbortSignal;
  downCommand?: (name: string) => string;
}

/** The worst of several exit codes: interrupted > environment > invalid > check failed > passed. */
export function worstExitCode(codes: ExitCodeValue[]): ExitCodeValue {
  const rank: ExitCodeValue[] = [ExitCode.passed, ExitCode.checkFailed, ExitCode.invalid,
    ExitCode.environment, ExitCode.interrupted];
  return codes.reduce<ExitCodeValue>((worst, code) =>
    (rank.indexOf(code) > rank.indexOf(worst) ? code : worst), ExitCode.passed);
}

export function exitCodeOf(result: RunResult): ExitCodeValue {
  if (result.interrupted) return ExitCode.interrupted;
  if (result.error) return result.error.exitCode;
  return result.checks.every((c) => c.passed) ? ExitCode.passed : ExitCode.checkFailed;
}

function failed(file: string, error: unknown): ScenarioRun {
  const netlabError = error instanceof NetlabError ? error : new NetlabError(String(error), ExitCode.environment);
  return { name: nameOf(file), file: displayPath(file), error: netlabError, exitCode: netlabError.exitCode };
}

function nameOf(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.ya?ml$/i, '');
}

/**
 * Scenarios one after another on one connection. An invalid scenario is reported and
 * skipped; a failing one does not stop the rest unless `bail`.
 */
export async function runSuite(target: Target, files: string[], options: SuiteOptions,
  hooks: SuiteHooks = {}): Promise<SuiteRun> {
  const started = Date.now();
  const runs: ScenarioRun[] = [];
  const loaded = await Promise.all(files.map(async (file) => {
    try {
      return { file, scenario: await readScenario(file) };
    } catch (error) {
      return { file, error };
    }
  }));

  let connection: Error | undefined;
  let connected = false;
  let stop: string | undefined;

  for (const [index, entry] of loaded.entries()) {
    let run: ScenarioRun;
    if (!entry.scenario) {
      run = failed(entry.file, entry.error);
    } else if (stop) {
      run = { name: entry.scenario.scenario.name, file: displayPath(entry.file), loaded: entry.scenario,
        skipped: stop, exitCode: ExitCode.passed };
    } else {
      const plan = planScenario(entry.scenario.scenario, { prefix: options.prefix });
      const onEvent = hooks.onStart?.(plan, index, entry.scenario);
      if (!connected && !connection) {
        try {
          await target.connect();
          connected = true;
          hooks.onConnected?.();
        } catch (error) {
          connection = error as Error;
          hooks.onConnected?.(connection);
        }
      } else {
        hooks.onConnected?.(connection);
      }
      if (connection) {
        run = { ...failed(entry.file, connection), name: plan.scenario.name, loaded: entry.scenario };
      } else {
        const result = await runPlan(target, plan, entry.scenario.text,
          { keep: options.keep, signal: options.signal, onEvent, downCommand: options.downCommand });
        run = { name: plan.scenario.name, file: displayPath(entry.file), loaded: entry.scenario, result,
          exitCode: exitCodeOf(result) };
      }
    }
    runs.push(run);
    await hooks.onDone?.(run, index);

    if (options.signal?.aborted) stop = 'not run: interrupted';
    else if (connection && !stop) stop = `not run: could not connect to ${target.label}`;
    else if (options.bail && run.exitCode !== ExitCode.passed && !stop) stop = 'not run: --bail after a failure';
  }

  if (connected) await target.close();
  return {
    target: target.label,
    startedAt: new Date(started),
    durationMs: Date.now() - started,
    runs,
    exitCode: worstExitCode(runs.map((r) => r.exitCode)),
  };
}
