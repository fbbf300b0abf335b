import { EnvironmentError } from '../../src/errors.js';
import { evaluateCheck } from '../../src/run/results.js';
import type { RunResult } from '../../src/run/results.js';
import { parsePing } from '../../src/run/ping.js';
import type { ScenarioRun, SuiteRun } from '../../src/run/suite.js';
import { checkScenarioText } from '../../src/run/scenario-file.js';
import { planScenario } from '../../src/plan/plan.js';
import { shippedText } from './scenarios.js';

const REPLY = (to: string, ttl: number) => `PING ${to} (${to}) 56(84) bytes of data.
64 bytes from ${to}: icmp_seq=1 ttl=${ttl} time=0.050 ms

--- ${to} ping statistics ---
3 packets transmitted, 3 received, 0% packet loss, time 402ms
rtt min/avg/max/mdev = 0.040/0.050/0.060/0.008 ms
`;
const SILENCE = (to: string) => `PING ${to} (${to}) 56(84) bytes of data.

--- ${to} ping statistics ---
5 packets transmitted, 0 received, 100% packet loss, time 816ms
`;

/**
 * A suite of known outcome, built from the shipped scenarios and ping output in the
 * format iputils prints: router-lab passes, same-segment's first check gets no reply,
 * router-lab-v6 could not be built.
 */
export function knownSuite(): SuiteRun {
  const startedAt = new Date('2026-12-04T10:00:00.000Z');
  const make = (name: string, outputs: (string | undefined)[], error?: EnvironmentError): ScenarioRun => {
    const loaded = checkScenarioText(`scenarios/${name}.yaml`, shippedText(name));
    const plan = planScenario(loaded.scenario);
    const checks = error ? [] : plan.checks.map((ping, i) => {
      const output = outputs[i] ?? '';
      const result = evaluateCheck(ping, output.includes(' 0 received') ? 1 : 0, 1, output,
        parsePing(output, ping.check.to));
      result.durationMs = 410;
      return result;
    });
    const result: RunResult = {
      lab: plan.lab, plan, target: 'local', startedAt, durationMs: 1234, checks,
      steps: plan.steps.map((step) => ({ step, state: error ? 'not-run' : 'ok', output: '', durationMs: 3 })),
      collected: [], removed: plan.namespaces.map((n) => n.netns).reverse(), leftovers: [], kept: false,
      interrupted: false, error,
    };
    const exitCode = error ? 3 : checks.every((c) => c.passed) ? 0 : 1;
    return { name, file: `scenarios/${name}.yaml`, loaded, result, exitCode };
  };
  const runs = [
    make('router-lab', [REPLY('198.51.100.1', 63), REPLY('192.0.2.1', 63)]),
    make('same-segment', [SILENCE('192.0.2.2'), SILENCE('192.0.2.5')]),
    make('router-lab-v6', [], new EnvironmentError('local lacks what netlab needs:\n  - IPv6')),
  ];
  return { target: 'local', startedAt, durationMs: 4321, runs, exitCode: 3 };
}
