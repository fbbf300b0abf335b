import { afterAll, expect, it } from 'vitest';
import { explainObservation } from '../../src/analysis/observation.js';
import { predictCheck, predictChecks } from '../../src/analysis/predict.js';
import { validateScenarioText } from '../../src/analysis/validate.js';
import { planScenario } from '../../src/plan/plan.js';
import { runPlan } from '../../src/run/runner.js';
import { loadScenario } from '../../src/scenario/load.js';
import { formatPath } from '../../src/scenario/source.js';
import { LocalTarget } from '../../src/target/local.js';
import { namespacesWith, removeLeftovers, testPrefix } from '../helpers/netns.js';
import { describeReal } from '../helpers/real.js';
import { planOf, SHIPPED, shippedText } from '../helpers/scenarios.js';
import { KNOWN_ANSWER_LABS, labText } from './labs.js';

// The prediction is only worth having if the kernel agrees with it: every check of every
// shipped scenario and of the known-answer labs is run here, and both sides compared.
describeReal('prediction and the real kernel agree', ['root', 'netns'], () => {
  const prefix = testPrefix();
  const target = new LocalTarget();

  afterAll(() => {
    expect(removeLeftovers(prefix), 'namespaces left behind').toEqual([]);
  });

  const labs = [
    ...SHIPPED.map((name) => ({ name, text: shippedText(name) })),
    ...KNOWN_ANSWER_LABS.map((name) => ({ name, text: labText(name) })),
  ];

  for (const { name, text } of labs) {
    it(`${name}: every check sees what netlab predicts`, async () => {
      const { plan } = planOf(text, prefix);
      const predictions = predictChecks(plan.scenario);
      const result = await runPlan(target, plan, text, { keep: false });

      expect(result.error).toBeUndefined();
      const observed = result.checks
        .sort((a, b) => a.check.path[1] as number - (b.check.path[1] as number))
        .map((r) => [r.check.label, r.observed, r.observed === 'reachable' ? r.ttl : undefined]);
      const predicted = plan.scenario.checks.map((check, i) =>
        [check.label, predictions[i]?.outcome, predictions[i]?.ttl]);
      expect(observed).toEqual(predicted);
      expect(namespacesWith(prefix)).toEqual([]);
    });
  }

  it('a failed check shows the prediction beside what the kernel did', async () => {
    const text = labText('missing-return-route').replace(
      '  - ping: { from: ns1, to: 198.51.100.1 }\n    expect: unreachable',
      '  - ping: { from: ns1, to: 198.51.100.1 }');
    const { plan } = planOf(text, prefix);
    const result = await runPlan(target, plan, text, { keep: false });
    const failed = result.checks.filter((r) => !r.passed);

    expect(failed.map((r) => explainObservation(predictCheck(plan.scenario, r.check), r)))
      .toEqual([[
        'predicted: unreachable: ns2: no route back to 192.0.2.0/24',
        'observed:  unreachable',
        'the kernel did what the scenario says; fix: add ' +
          '{ to: 192.0.2.0/24, via: 198.51.100.254 } to nodes.ns2.routes',
      ]]);
  });

  it('a gateway on none of the node\'s segments: rule and kernel both refuse it', async () => {
    const text = labText('missing-return-route').replace(
      '      - { to: default, via: 192.0.2.254 }', '      - { to: default, via: 203.0.113.1 }');
    const validation = validateScenarioText('test.yaml', text);
    expect(validation.diagnostics.map((d) => [formatPath(d.path), d.severity])).toEqual([
      ['nodes.ns1.routes[0].via', 'error'],
    ]);

    // Past the rules, straight to the kernel.
    const loaded = loadScenario('test.yaml', text);
    const plan = planScenario(loaded.scenario!, { prefix });
    const result = await runPlan(target, plan, text, { keep: false });
    const failed = result.steps.find((s) => s.state === 'failed');
    expect(failed?.step.path).toEqual(['nodes', 'ns1', 'routes', 0]);
    expect(failed?.output).toMatch(/Nexthop has invalid gateway|Network is unreachable/);
    expect(namespacesWith(prefix)).toEqual([]);
  });
});
