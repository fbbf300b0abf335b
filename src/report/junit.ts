import { quoteCommand } from '../plan/shell.js';
import { hostname } from 'node:os';
import type { CheckResult } from '../run/results.js';
import { formatDiagnostic, ScenarioError } from '../scenario/diagnostics.js';
import type { ScenarioRun, SuiteRun } from '../run/suite.js';
import { attributes, escapeXml } from './xml.js';

const seconds = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(3);

interface Case {
  name: string;
  timeMs?: number;
  failure?: { message: string; type: string; body: string };
  error?: { message: string; type: string; body: string };
  skipped?: string;
}

function checkCase(result: CheckResult, hint?: string): Case {
  const name = result.check.label;
  if (result.passed) return { name, timeMs: result.durationMs };
  const body = [
    `expected: ${result.check.expect}${result.check.ttl === undefined ? '' : `, ttl ${result.check.ttl}`}`,
    `observed: ${result.observed}${result.ttl === undefined ? '' : `, ttl ${result.ttl}`}, ` +
      `${result.lossPercent}% loss${result.rttMs === undefined ? '' : `, rtt ${result.rttMs} ms`}`,
    `command: ${quoteCommand(result.argv)}`,
    ...(hint ? [`hint: ${hint}`] : []),
    '',
    result.output.trim(),
  ].join('\n');
  return { name, timeMs: result.durationMs, failure: { message: result.reason ?? 'failed', type: 'check', body } };
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

function scenarioCases(run: ScenarioRun, hintFor: (run: ScenarioRun, check: CheckResult) => string | undefined): Case[] {
  const planned = run.loaded?.scenario.checks ?? [];
  if (run.skipped) return planned.map((check) => ({ name: check.label, skipped: run.skipped }));

  const { result } = run;
  const cases: Case[] = [];
  const environment = run.error ?? result?.error;
  if (environment) {
    const first = environment instanceof ScenarioError && environment.diagnostics[0]
      ? formatDiagnostic(environment.diagnostics[0]).split('\n')[0] ?? environment.message
      : firstLine(environment.message);
    cases.push({
      name: environment instanceof ScenarioError ? 'load the scenario' : 'build the lab',
      timeMs: result?.durationMs,
      error: { message: first, type: environment.name, body: environment.message },
    });
  }
  const ran = new Set(result?.checks.map((c) => c.check.id));
  for (const check of result?.checks ?? []) cases.push(checkCase(check, hintFor(run, check)));
  for (const check of planned.filter((c) => !ran.has(c.id))) {
    cases.push({ name: check.label, skipped: environment ? 'not run: the lab could not be built' : 'not run' });
  }
  return cases;
}

function renderCase(suite: string, c: Case): string {
  const open = `    <testcase${attributes({ name: c.name, classname: suite, time: seconds(c.timeMs) })}`;
  const inner: string[] = [];
  if (c.skipped) inner.push(`      <skipped>${escapeXml(c.skipped)}</skipped>`);
  if (c.error) {
    inner.push(`      <error${attributes({ message: c.error.message, type: c.error.type })}>` +
      `${escapeXml(c.error.body)}</error>`);
  }
  if (c.failure) {
    inner.push(`      <failure${attributes({ message: c.failure.message, type: c.failure.type })}>` +
      `${escapeXml(c.failure.body)}</failure>`);
  }
  return inner.length === 0 ? `${open}/>` : `${open}>\n${inner.join('\n')}\n    </testcase>`;
}

/**
 * JUnit XML as CI systems read it (the Jenkins junit-4 schema): one testsuite per
 * scenario, one testcase per check, failures carrying what was observed and the hint.
 */
export function renderJunit(suite: SuiteRun, options: {
  hintFor?: (run: ScenarioRun, check: CheckResult) => string | undefined;
  host?: string;
} = {}): string {
  const host = options.host ?? hostname();
  const hintFor = options.hintFor ?? (() => undefined);
  const suites = suite.runs.map((run) => {
    const cases = scenarioCases(run, hintFor);
    const count = (kind: 'failure' | 'error' | 'skipped') => cases.filter((c) => c[kind] !== undefined).length;
    const head = `  <testsuite${attributes({
      name: run.name,
      tests: cases.length,
      failures: count('failure'),
      errors: count('error'),
      skipped: count('skipped'),
      time: seconds(run.result?.durationMs),
      timestamp: (run.result?.startedAt ?? suite.startedAt).toISOString().replace(/\.\d+Z$/, ''),
      hostname: host,
      package: 'netlab',
    })}>`;
    const properties = [
      '    <properties>',
      `      <property${attributes({ name: 'file', value: run.file })}/>`,
      `      <property${attributes({ name: 'target', value: suite.target })}/>`,
      '    </properties>',
    ];
    return [head, ...properties, ...cases.map((c) => renderCase(run.name, c)), '  </testsuite>'].join('\n');
  });

  const all = suite.runs.flatMap((run) => scenarioCases(run, hintFor));
  const totals = attributes({
    name: 'netlab',
    tests: all.length,
    failures: all.filter((c) => c.failure).length,
    errors: all.filter((c) => c.error).length,
    time: seconds(suite.durationMs),
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${totals}>\n${suites.join('\n')}\n</testsuites>\n`;
}
