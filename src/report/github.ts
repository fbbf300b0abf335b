import type { CheckResult } from '../run/results.js';
import { ScenarioError } from '../scenario/diagnostics.js';
import type { ScenarioRun, SuiteRun } from '../run/suite.js';

// GitHub Actions' workflow commands: one line per failed check, which the run page shows
// on the scenario file at the check's line.

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function githubAnnotations(suite: SuiteRun,
  hintFor: (run: ScenarioRun, check: CheckResult) => string | undefined = () => undefined): string[] {
  const lines: string[] = [];
  for (const run of suite.runs) {
    const error = run.error ?? run.result?.error;
    if (error instanceof ScenarioError) {
      for (const d of error.diagnostics) {
        const kind = d.severity === 'error' ? 'error' : 'warning';
        lines.push(`::${kind} file=${escapeProperty(d.file)},line=${d.position.line},col=${d.position.col},` +
          `title=${escapeProperty(`netlab: ${run.name} is invalid`)}::` +
          escapeData(`${d.message}${d.fix ? `\nfix: ${d.fix}` : ''}`));
      }
    } else if (error) {
      lines.push(`::error file=${escapeProperty(run.file)},title=${escapeProperty(`netlab: ${run.name}`)}::` +
        escapeData(error.message));
    }
    for (const check of run.result?.checks.filter((c) => !c.passed) ?? []) {
      const at = run.loaded?.positionOf(check.check.path);
      const where = at ? `,line=${at.line},col=${at.col}` : '';
      const hint = hintFor(run, check);
      lines.push(`::error file=${escapeProperty(run.file)}${where},` +
        `title=${escapeProperty(`netlab check failed: ${check.check.label}`)}::` +
        escapeData(`${check.reason ?? 'failed'}${hint ? `\n${hint}` : ''}`));
    }
  }
  return lines;
}
