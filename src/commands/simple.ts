import { basename, extname } from 'node:path';
import { ExitCode, UsageError } from '../errors.js';
import type { ExitCodeValue } from '../errors.js';
import { renderTable } from '../report/table.js';
import { downLab } from '../run/runner.js';
import { displayPath, listScenarioFiles, readScenario, resolveScenario } from '../run/scenario-file.js';
import { readFile } from 'node:fs/promises';
import { ScenarioError } from '../scenario/diagnostics.js';
import { labId } from '../plan/plan.js';
import { LAB_NAME } from '../scenario/schema.js';
import { parseSource } from '../scenario/source.js';
import { resolveTarget } from '../target/resolve.js';
import type { TargetOptions } from '../target/resolve.js';
import { namespacePrefix } from './lab-options.js';
import type { Output } from './output.js';

/** netlab list: the scenarios here and those netlab ships, with their descriptions. */
export async function listCommand(io: Output): Promise<ExitCodeValue> {
  const rows: string[][] = [];
  for (const file of await listScenarioFiles()) {
    let description: string;
    try {
      description = (await readScenario(file)).scenario.description;
    } catch (error) {
      description = `(invalid: run netlab validate ${displayPath(file)})`;
      void error;
    }
    rows.push([basename(file, extname(file)), description, displayPath(file)]);
  }
  io.out(rows.length > 0 ? renderTable(['name', 'description', 'file'], rows) : 'no scenarios found');
  return ExitCode.passed;
}

/** The lab's name in the guest for `down`, `exec`: from its scenario file, or as given. */
export async function labName(arg: string, prefix: string): Promise<string> {
  let file: string;
  try {
    file = await resolveScenario(arg);
  } catch (error) {
    if (LAB_NAME.test(arg)) return labId(prefix, arg);
    throw error instanceof UsageError ? new UsageError(`${arg} is neither a lab name nor a scenario`) : error;
  }
  try {
    return labId(prefix, (await readScenario(file)).scenario.name);
  } catch (error) {
    // A lab left up must stay removable after its file was edited into something invalid.
    const name: unknown = parseSource(file, await readFile(file, 'utf8')).document.get('name');
    if (error instanceof ScenarioError && typeof name === 'string' && LAB_NAME.test(name)) {
      return labId(prefix, name);
    }
    throw error;
  }
}

/** netlab down LAB: remove a lab left up, exactly what its journal in the guest names. */
export async function downCommand(name: string, options: TargetOptions & { nsPrefix?: string },
  io: Output): Promise<ExitCodeValue> {
  const lab = await labName(name, namespacePrefix(options.nsPrefix));
  const target = resolveTarget(options);
  await target.connect();
  try {
    const { removed, gone, wasUp } = await downLab(target, lab);
    const parts = [
      removed.length > 0 ? `removed ${removed.join(', ')}` : '',
      gone.length > 0 ? `already gone: ${gone.join(', ')}` : '',
    ].filter(Boolean);
    io.out(wasUp
      ? `${lab} is down on ${target.label}${parts.length > 0 ? `: ${parts.join('; ')}` : ''}`
      : `${lab} is not up on ${target.label}; nothing to remove`);
  } finally {
    await target.close();
  }
  return ExitCode.passed;
}
