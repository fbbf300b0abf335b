import type { Diagnostic } from '../scenario/diagnostics.js';
import type { Family, Scenario } from '../scenario/model.js';
import { formatPath } from '../scenario/source.js';
import { predictChecks } from './predict.js';
import type { Prediction } from './predict.js';
import { summarizePrediction } from './prediction-text.js';

/** Warn where a check's expect or ttl disagrees with what the kernel would do. */
export function checkExpectations(scenario: Scenario): Diagnostic[] {
  const predictions = predictChecks(scenario);
  return scenario.checks.flatMap((check, index): Diagnostic[] => {
    const prediction = predictions[index] as Prediction;
    if (prediction.outcome !== check.expect) {
      return [{
        severity: 'warning', path: [...check.path, 'expect'],
        message: `this check expects ${check.expect}, but netlab predicts ` +
          summarizePrediction(prediction),
        fix: prediction.outcome === 'reachable'
          ? 'set expect: reachable, or change the lab where the path should break'
          : prediction.broken?.fix ?? 'set expect: unreachable',
      }];
    }
    if (prediction.outcome === 'reachable' && check.ttl !== undefined &&
      prediction.ttl !== check.ttl) {
      return [{
        severity: 'warning', path: [...check.path, 'ttl'],
        message: `this check expects TTL ${check.ttl}, but netlab predicts ` +
          summarizePrediction(prediction),
        fix: `set ttl: ${prediction.ttl}`,
      }];
    }
    return [];
  });
}

/** Warn once per node and family where a check needs forwarding that is off. */
export function checkForwarding(scenario: Scenario): Diagnostic[] {
  const predictions = predictChecks(scenario);
  const found = new Map<string, { family: Family; prediction: Prediction; checks: string[] }>();
  scenario.checks.forEach((check, index) => {
    const prediction = predictions[index] as Prediction;
    if (prediction.broken?.kind !== 'forwarding-off') return;
    const key = `${prediction.broken.node}/${prediction.family}`;
    const entry = found.get(key) ?? { family: prediction.family, prediction, checks: [] };
    entry.checks.push(formatPath(check.path));
    found.set(key, entry);
  });

  return [...found.values()].map(({ prediction, checks }): Diagnostic => {
    const broken = prediction.broken;
    const node = broken?.node ?? '';
    const reason = broken?.reason.slice(node.length + 2) ?? 'forwarding is off';
    return {
      severity: 'warning', path: broken?.path ?? ['nodes', node], at: 'key',
      message: `${node} would have to forward for ${checks.join(', ')}, but ${reason}`,
      fix: broken?.fix,
    };
  });
}
