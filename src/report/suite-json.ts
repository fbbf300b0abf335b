import type { ScenarioRun, SuiteRun } from '../run/suite.js';
import { toJsonReport } from './json.js';
import type { CollectedPaths } from './json.js';

export interface RunFolder {
  dir: string;
  collected: CollectedPaths;
}

/** The whole suite as one JSON document: docs/report-format.md describes it. */
export function toSuiteReport(suite: SuiteRun, folders: Map<ScenarioRun, RunFolder>): object {
  return {
    format: 'netlab-suite/1',
    target: suite.target,
    startedAt: suite.startedAt.toISOString(),
    durationMs: suite.durationMs,
    exitCode: suite.exitCode,
    scenarios: suite.runs.map((run) => {
      const folder = folders.get(run);
      if (run.result) {
        return { ...toJsonReport(run.result, folder?.collected), runFolder: folder?.dir };
      }
      return {
        format: 'netlab-report/1',
        scenario: { name: run.name, file: run.file },
        outcome: run.skipped ? 'skipped' : run.error?.exitCode === 2 ? 'invalid' : 'error',
        error: run.error?.message,
        skipped: run.skipped,
      };
    }),
  };
}
