import { annotateSegments } from '../analysis/segment-notes.js';
import { ExitCode } from '../errors.js';
import type { ExitCodeValue } from '../errors.js';
import { planScenario } from '../plan/plan.js';
import { renderPlanScript } from '../plan/render.js';
import { readScenario, resolveScenario } from '../run/scenario-file.js';
import { namespacePrefix } from './lab-options.js';
import type { Output } from './output.js';

/** netlab plan LAB: the commands the guest will run, as a script a person can paste. */
export async function planCommand(name: string, options: { nsPrefix?: string },
  io: Output): Promise<ExitCodeValue> {
  const loaded = await readScenario(await resolveScenario(name));
  const plan = planScenario(loaded.scenario, { prefix: namespacePrefix(options.nsPrefix) });
  io.out(renderPlanScript(plan, annotateSegments(loaded.scenario)));
  return ExitCode.passed;
}

