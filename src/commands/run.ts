import { join } from 'node:path';
import { ExitCode, NetlabError } from '../errors.js';
import type { ExitCodeValue } from '../errors.js';
import { formatDiagnostic } from '../scenario/diagnostics.js';
import { planScenario } from '../plan/plan.js';
import { renderChecks, renderFailures, renderSummary } from '../report/text.js';
import { writeRunFolder } from '../report/run-folder.js';
import { RunProgress } from '../run/progress.js';
import { runPlan } from '../run/runner.js';
import type { RunResult } from '../run/results.js';
import { readScenario, resolveScenario } from '../run/scenario-file.js';
import { resolveTarget } from '../target/resolve.js';
import type { TargetOptions } from '../target/resolve.js';
import { namespacePrefix } from './lab-options.js';
import type { Output } from './output.js';

export interface RunCommandOptions extends TargetOptions {
  keep?: boolean;
  nsPrefix?: string;
  /** Where run folders go; default .netlab/runs under the current folder. */
  runsDir?: string;
  progress?: boolean;
}

/** netlab run LAB: the main job, with live progress, a table of checks and a report. */
export async function runCommand(name: string, options: RunCommandOptions, io: Output): Promise<ExitCodeValue> {
  const file = await resolveScenario(name);
  const loaded = await readScenario(file);
  for (const warning of loaded.warnings) io.err(formatDiagnostic(warning));

  const plan = planScenario(loaded.scenario, { prefix: namespacePrefix(options.nsPrefix) });
  const target = resolveTarget(options);
  const keep = options.keep === true;
  const progress = new RunProgress(plan, target.label, keep);
  const shown = options.progress === false ? Promise.resolve() : progress.list().run().catch(() => undefined);

  const interrupt = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(ExitCode.interrupted);
    io.err('\ninterrupted: stopping the run and removing what it made (Ctrl-C again to quit at once)');
    interrupt.abort();
  };
  process.on('SIGINT', onSigint);

  let result: RunResult | undefined;
  try {
    try {
      await target.connect();
      progress.connected();
    } catch (error) {
      progress.connected(error as Error);
      throw error;
    }
    result = await runPlan(target, plan, loaded.text, {
      keep,
      signal: interrupt.signal,
      onEvent: (event) => progress.onEvent(event),
    });
    progress.finish(result.error);
  } catch (error) {
    progress.finish(error as Error);
    throw error;
  } finally {
    await shown;
    process.off('SIGINT', onSigint);
    await target.close();
  }

  const folder = await writeRunFolder(result, options.runsDir ?? join(process.cwd(), '.netlab', 'runs'));
  return reportRun(result, folder, io);
}

function reportRun(result: RunResult, folder: string, io: Output): ExitCodeValue {
  if (result.checks.length > 0) io.out(`\n${renderChecks(result.checks)}\n`);
  for (const failure of renderFailures(result.checks)) io.err(failure);
  io.out(renderSummary(result, folder));

  if (result.interrupted) {
    io.err(`interrupted; ${result.removed.length > 0 ? `removed ${result.removed.join(', ')}` : 'nothing was left up'}`);
    return ExitCode.interrupted;
  }
  if (result.error) {
    throw result.error instanceof NetlabError ? result.error : new Error(String(result.error));
  }
  return result.checks.every((c) => c.passed) ? ExitCode.passed : ExitCode.checkFailed;
}
