import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { makeDirs } from '../make-dirs.js';
import { join } from 'node:path';
import { ExitCode, UsageError } from '../errors.js';
import type { ExitCodeValue } from '../errors.js';
import { formatDiagnostic } from '../scenario/diagnostics.js';
import { githubAnnotations } from '../report/github.js';
import { renderJunit } from '../report/junit.js';
import { failureHints } from '../report/prediction-hints.js';
import { writeRunFolder } from '../report/run-folder.js';
import { toSuiteReport } from '../report/suite-json.js';
import type { RunFolder } from '../report/suite-json.js';
import { renderChecks, renderFailures, renderSummary } from '../report/text.js';
import { writeAtomic } from '../report/write.js';
import { RunProgress } from '../run/progress.js';
import { displayPath, listScenarioFiles, resolveScenario } from '../run/scenario-file.js';
import { runSuite } from '../run/suite.js';
import type { ScenarioRun, SuiteRun } from '../run/suite.js';
import type { CheckResult } from '../run/results.js';
import { quoteWord } from '../plan/shell.js';
import { resolveTarget } from '../target/resolve.js';
import type { TargetOptions } from '../target/resolve.js';
import { sameGuestArgs } from './cli-options.js';
import { catchInterrupt } from './interrupt.js';
import { namespacePrefix } from './lab-options.js';
import type { Output } from './output.js';

export interface RunCommandOptions extends TargetOptions {
  keep?: boolean;
  all?: boolean;
  bail?: boolean;
  nsPrefix?: string;
  /** text, json, junit; several separated by commas. */
  reporter?: string;
  /** Reports and run folders go here; default .netlab under the current folder. */
  reportDir?: string;
  progress?: boolean;
}

export type Reporter = 'text' | 'json' | 'junit';
const REPORTERS: readonly Reporter[] = ['text', 'json', 'junit'];

export function parseReporters(text: string | undefined): Set<Reporter> {
  const names = (text ?? 'text').split(',').map((n) => n.trim()).filter(Boolean);
  if (names.length === 0) throw new UsageError(`--reporter needs at least one of ${REPORTERS.join(', ')}`);
  const unknown = names.filter((n) => !REPORTERS.includes(n as Reporter));
  if (unknown.length > 0) {
    throw new UsageError(`--reporter ${unknown.join(',')}: choose from ${REPORTERS.join(', ')} ` +
      '(several separated by commas)');
  }
  return new Set(names as Reporter[]);
}

async function scenarioFiles(names: string[], all: boolean): Promise<string[]> {
  if (all && names.length > 0) throw new UsageError('give lab names or --all, not both');
  if (all) {
    const files = await listScenarioFiles();
    if (files.length === 0) throw new UsageError('--all: no scenarios found in ./scenarios or netlab\'s own');
    return files;
  }
  if (names.length === 0) throw new UsageError('which lab? give a name such as router-lab, a path, or --all');
  return Promise.all(names.map((name) => resolveScenario(name)));
}

/** Found out before a lab runs, not after: results must not be lost for want of a folder. */
async function ensureWritable(dir: string): Promise<void> {
  try {
    await makeDirs(dir);
    await access(dir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`--report-dir ${dir}: netlab cannot write there (${code}); ` +
      'give a folder it may create or write to');
  }
}

/** netlab run LAB... : the main job, with live progress, a table of checks and reports. */
export async function runCommand(names: string[], options: RunCommandOptions, io: Output):
  Promise<ExitCodeValue> {
  const reporters = parseReporters(options.reporter);
  const prefix = namespacePrefix(options.nsPrefix);
  const files = await scenarioFiles(names, options.all === true);
  const reportDir = options.reportDir ?? join(process.cwd(), '.netlab');
  await ensureWritable(reportDir);
  const target = resolveTarget(options);
  const keep = options.keep === true;
  const folders = new Map<ScenarioRun, RunFolder>();
  // Each scenario's lab is simulated once for its failed checks; every report reuses it.
  const hints = new Map<ScenarioRun, Map<string, string[]>>();
  const hintOf = (run: ScenarioRun, check: CheckResult) => hints.get(run)?.get(check.check.id)?.join('\n');
  const downCommand = (name: string) => `netlab down ${quoteWord(name)}${sameGuestArgs(options, prefix)}`;

  const interrupt = catchInterrupt(io, 'stopping the run and removing what it made');

  let progress: RunProgress | undefined;
  let shown: Promise<unknown> = Promise.resolve();
  let suite: SuiteRun;
  try {
    suite = await runSuite(target, files,
      { keep, prefix, bail: options.bail === true, signal: interrupt.signal, downCommand }, {
      onStart: (plan, index, loaded) => {
        for (const warning of loaded.warnings) io.err(formatDiagnostic(warning));
        progress = new RunProgress(plan, target.label,
          { keep, reusesConnection: index > 0, downCommand: downCommand(plan.scenario.name) });
        if (options.progress !== false) shown = progress.list().run().catch(() => undefined);
        return (event) => progress?.onEvent(event);
      },
      onConnected: (error) => progress?.connected(error),
      onDone: async (run) => {
        progress?.finish(run.result?.error ?? run.error, run.result?.interrupted);
        await shown;
        progress = undefined;
        if (run.result) {
          folders.set(run, await writeRunFolder(run.result, join(reportDir, 'runs')));
          hints.set(run, failureHints(run.result.plan.scenario, run.result.checks));
        }
        printRun(run, folders.get(run)?.dir, hints.get(run), reporters, io, downCommand(run.name));
      },
    });
  } finally {
    interrupt.dispose();
  }

  await writeReports(suite, folders, reporters, reportDir, io, hintOf);
  if (process.env.GITHUB_ACTIONS === 'true') {
    for (const line of githubAnnotations(suite, hintOf)) io.out(line);
  }
  if (suite.runs.length > 1) io.out(`\n${renderSuiteLine(suite)}`);
  return suite.exitCode;
}

function printRun(run: ScenarioRun, folder: string | undefined, hints: Map<string, string[]> | undefined,
  reporters: Set<Reporter>, io: Output, downCommand: string): void {
  if (run.skipped) {
    io.out(`${run.name}: ${run.skipped}`);
    return;
  }
  const { result } = run;
  if (!result) {
    io.err(`netlab: ${run.error?.message ?? 'failed'}`);
    return;
  }
  if (reporters.has('text') && result.checks.length > 0) io.out(`\n${renderChecks(result.checks)}\n`);
  for (const failure of renderFailures(result.checks, hints)) io.err(failure);
  io.out(renderSummary(result, folder, downCommand));
  if (result.interrupted) {
    io.err(`interrupted; ${result.removed.length > 0 ? `removed ${result.removed.join(', ')}` : 'nothing was left up'}`);
  } else if (result.error) {
    io.err(`netlab: ${result.error.message}`);
  }
}

async function writeReports(suite: SuiteRun, folders: Map<ScenarioRun, RunFolder>,
  reporters: Set<Reporter>, reportDir: string, io: Output,
  hintOf: (run: ScenarioRun, check: CheckResult) => string | undefined): Promise<void> {
  const written: string[] = [];
  if (reporters.has('json')) {
    const file = join(reportDir, 'netlab-report.json');
    await writeAtomic(file, `${JSON.stringify(toSuiteReport(suite, folders), null, 2)}\n`);
    written.push(file);
  }
  if (reporters.has('junit')) {
    const file = join(reportDir, 'junit.xml');
    await writeAtomic(file, renderJunit(suite, { hintFor: hintOf }));
    written.push(file);
  }
  if (written.length > 0) io.out(`reports: ${written.map((f) => displayPath(f)).join(', ')}`);
}

function renderSuiteLine(suite: SuiteRun): string {
  const passed = suite.runs.filter((r) => r.exitCode === ExitCode.passed && !r.skipped).length;
  const skipped = suite.runs.filter((r) => r.skipped).length;
  return `${passed} of ${suite.runs.length} scenarios passed` +
    `${skipped > 0 ? `, ${skipped} not run` : ''} in ${(suite.durationMs / 1000).toFixed(1)} s ` +
    `on ${suite.target}`;
}
