import { describe, expect, it } from 'vitest';
import { explainObservation } from '../../src/analysis/observation.js';
import { predictChecks } from '../../src/analysis/predict.js';
import type { Prediction } from '../../src/analysis/predict.js';
import { checkScenarioText } from '../../src/run/scenario-file.js';
import { shippedText } from '../helpers/scenarios.js';
import { labText } from './labs.js';

function firstPrediction(text: string): Prediction {
  return predictChecks(checkScenarioText('test.yaml', text).scenario)[0] as Prediction;
}

describe('a failed check after netlab run: the prediction beside what was seen', () => {
  it('when the kernel did what the scenario says, it shows why and the fix', () => {
    const prediction = firstPrediction(labText('missing-return-route'));
    expect(explainObservation(prediction, { observed: 'unreachable' })).toEqual([
      'predicted: unreachable: ns2: no route back to 192.0.2.0/24',
      'observed:  unreachable',
      'the kernel did what the scenario says; fix: add ' +
        '{ to: 192.0.2.0/24, via: 198.51.100.254 } to nodes.ns2.routes',
    ]);
  });

  it('when they disagree, it says so plainly', () => {
    const prediction = firstPrediction(shippedText('router-lab'));
    expect(explainObservation(prediction, { observed: 'unreachable' })).toEqual([
      'predicted: reachable, replies with TTL 63 (1 router on the way back)',
      'observed:  unreachable',
      'the kernel did not do what the scenario says: something in the guest differs ' +
        '(a firewall, say, or a setting netlab does not model), or netlab\'s prediction is ' +
        'wrong; the run folder has what the guest had, and netlab explain shows the path expected',
    ]);
    expect(explainObservation(prediction, { observed: 'reachable', ttl: 62 })[1])
      .toBe('observed:  reachable, replies with TTL 62');
  });

  it('when only the check\'s own expectation is wrong, it says which field to change', () => {
    const { scenario } = checkScenarioText('test.yaml', shippedText('router-lab')
      .replace('    ttl: 63', '    ttl: 62'));
    const prediction = predictChecks(scenario)[0] as Prediction;
    const check = scenario.checks[0];
    expect(explainObservation(prediction, { observed: 'reachable', ttl: 63, check })).toEqual([
      'predicted: reachable, replies with TTL 63 (1 router on the way back)',
      'observed:  reachable, replies with TTL 63',
      'the kernel did what the scenario says; fix: set ttl: 63',
    ]);
  });
});
