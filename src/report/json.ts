import { quoteCommand } from '../plan/shell.js';
import type { RunResult } from '../run/results.js';

export type Outcome = 'passed' | 'failed' | 'error' | 'interrupted';

export function outcomeOf(result: RunResult): Outcome {
  if (result.interrupted) return 'interrupted';
  if (result.error) return 'error';
  return result.checks.every((c) => c.passed) ? 'passed' : 'failed';
}

/** Collected files of one node, by kind, relative to the report's folder. */
export type CollectedPaths = Record<string, Record<string, string>>;

/** The run as one JSON document; its shape is documented in docs/report-format.md. */
export function toJsonReport(result: RunResult, collected: CollectedPaths = {}): object {
  const { scenario } = result.plan;
  return {
    format: 'netlab-report/1',
    scenario: { name: scenario.name, description: scenario.description, file: scenario.file },
    lab: result.lab,
    target: result.target,
    startedAt: result.startedAt.toISOString(),
    durationMs: result.durationMs,
    outcome: outcomeOf(result),
    error: result.error?.message,
    steps: result.steps.map((s) => ({
      id: s.step.id,
      phase: s.step.phase,
      node: s.step.node || undefined,
      title: s.step.title,
      command: quoteCommand(s.step.argv),
      state: s.state,
      durationMs: s.durationMs,
      exitCode: s.exitCode,
      output: s.state === 'failed' ? s.output : undefined,
      explanation: s.explanation,
    })),
    checks: result.checks.map((c) => ({
      id: c.check.id,
      name: c.check.label,
      from: c.check.from,
      to: c.check.to,
      source: c.check.source,
      expected: { result: c.check.expect, ttl: c.check.ttl },
      observed: { result: c.observed, ttl: c.ttl, lossPercent: c.lossPercent, rttMs: c.rttMs,
        transmitted: c.transmitted, received: c.received, problem: c.problem },
      passed: c.passed,
      reason: c.reason,
      attempts: c.attempts,
      durationMs: c.durationMs,
      command: quoteCommand(c.argv),
    })),
    collected,
    kept: result.kept,
    removed: result.removed,
  };
}
