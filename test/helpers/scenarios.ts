import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planScenario } from '../../src/plan/plan.js';
import type { Plan } from '../../src/plan/plan.js';
import { checkScenarioText } from '../../src/run/scenario-file.js';

export const SHIPPED = ['same-segment', 'router-lab', 'router-lab-v6'] as const;

export function shippedText(name: string): string {
  return readFileSync(join(import.meta.dirname, '../../scenarios', `${name}.yaml`), 'utf8');
}

/** A plan of a shipped scenario, or of YAML text, with the test's namespace prefix. */
export function planOf(nameOrText: string, prefix: string): { plan: Plan; text: string } {
  const text = nameOrText.includes('\n') ? nameOrText : shippedText(nameOrText);
  const { scenario } = checkScenarioText('test.yaml', text);
  return { plan: planScenario(scenario, { prefix }), text };
}
