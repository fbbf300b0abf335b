import { simulateLab } from '../analysis/lab-simulation.js';
import { explainObservation } from '../analysis/observation.js';
import { predictCheck } from '../analysis/predict.js';
import type { CheckResult } from '../run/results.js';
import type { Scenario } from '../scenario/model.js';

/**
 * For each failed check, what the scenario predicts beside what was observed, and
 * whether the two agree: the words every report puts under a failure.
 */
export function failureHints(scenario: Scenario, results: CheckResult[]): Map<string, string[]> {
  const failed = results.filter((r) => !r.passed);
  const hints = new Map<string, string[]>();
  if (failed.length === 0) return hints;
  const simulation = simulateLab(scenario);
  for (const result of failed) {
    hints.set(result.check.id, explainObservation(predictCheck(scenario, result.check, simulation), result));
  }
  return hints;
}
