import { quoteCommand } from '../plan/shell.js';
import { displayPath } from '../run/scenario-file.js';
import type { CheckResult, RunResult } from '../run/results.js';
import { renderTable } from './table.js';

function observedCell(result: CheckResult): string {
  return result.observed === 'reachable' ? 'reachable' : 'unreachable';
}

function expectedCell(result: CheckResult): string {
  const { check } = result;
  return check.ttl !== undefined ? `${check.expect}, ttl ${check.ttl}` : check.expect;
}

/** The table printed after a run: each check, what was expected and what was seen. */
export function renderChecks(results: CheckResult[]): string {
  const rows = results.map((r) => [
    r.passed ? 'pass' : 'FAIL',
    r.check.label,
    expectedCell(r),
    observedCell(r),
    `${r.lossPercent}%`,
    r.rttMs === undefined ? '-' : `${r.rttMs} ms`,
    r.ttl === undefined ? '-' : String(r.ttl),
  ]);
  return renderTable(['result', 'check', 'expected', 'observed', 'loss', 'rtt', 'ttl'], rows);
}

/** Each failed check: why, the command, and the prediction beside the observation. */
export function renderFailures(results: CheckResult[], hints = new Map<string, string[]>()): string[] {
  return results.filter((r) => !r.passed).map((r) => [
    `${r.check.label}: ${r.reason}`,
    `  command: ${quoteCommand(r.argv)}`,
    ...(hints.get(r.check.id) ?? []).map((line) => `  ${line}`),
  ].join('\n'));
}

export function renderSummary(result: RunResult, reportDir?: string,
  downCommand = `netlab down ${result.plan.scenario.name}`): string {
  const passed = result.checks.filter((c) => c.passed).length;
  const seconds = (result.durationMs / 1000).toFixed(1);
  const verdict = result.interrupted ? 'interrupted'
    : result.error ? 'did not complete'
    : result.checks.length === 0 ? 'the lab was built; the scenario has no checks, so nothing was tested'
    : `${passed} of ${result.checks.length} checks passed`;
  const lines = [`${result.plan.scenario.name} on ${result.target}: ${verdict} in ${seconds} s`];
  if (result.leftovers.length > 0) {
    lines.push(`first removed what an earlier run of this lab had left up: ${result.leftovers.join(', ')}`);
  }
  if (result.kept) lines.push(`the lab is still up (--keep); ${downCommand} removes it`);
  else if (result.removed.length > 0) lines.push(`removed: ${result.removed.join(', ')}`);
  if (reportDir) lines.push(`report: ${displayPath(reportDir)}`);
  return lines.join('\n');
}
