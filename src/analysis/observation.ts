import type { Check, Expectation } from '../scenario/model.js';
import type { Prediction } from './predict.js';
import { summarizePrediction } from './prediction-text.js';

/** What a run saw for one check; a CheckResult of src/run/results.ts fits. */
export interface Observation {
  observed: Expectation;
  ttl?: number;
  /** The check itself, to say which of its fields to change when only they are wrong. */
  check?: Check;
}

export function agreesWithObservation(prediction: Prediction, observation: Observation): boolean {
  if (prediction.outcome !== observation.observed) return false;
  return prediction.outcome === 'unreachable' || prediction.ttl === observation.ttl;
}

/**
 * For a failed check after `netlab run`: the prediction beside what the kernel did, and
 * plainly, when the two differ, that the scenario alone does not explain it.
 */
export function explainObservation(prediction: Prediction, observation: Observation): string[] {
  const observed = observation.observed === 'reachable' && observation.ttl !== undefined
    ? `reachable, replies with TTL ${observation.ttl}` : observation.observed;
  const lines = [
    `predicted: ${summarizePrediction(prediction)}`,
    `observed:  ${observed}`,
  ];
  if (agreesWithObservation(prediction, observation)) {
    const fix = prediction.broken?.fix ?? expectationFix(observation);
    lines.push(`the kernel did what the scenario says${fix ? `; fix: ${fix}` : ''}`);
    return lines;
  }
  lines.push('the kernel did not do what the scenario says: something in the guest differs ' +
    '(a firewall, say, or a setting netlab does not model), or netlab\'s prediction is wrong; ' +
    'the run folder has what the guest had, and netlab explain shows the path expected');
  return lines;
}

function expectationFix({ check, observed, ttl }: Observation): string | undefined {
  if (!check) return undefined;
  if (check.expect !== observed) return `set expect: ${observed}`;
  if (check.ttl !== undefined && ttl !== undefined && check.ttl !== ttl) return `set ttl: ${ttl}`;
  return undefined;
}
