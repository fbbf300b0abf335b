import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countErrors, validateScenarioText } from '../analysis/validate.js';
import { UsageError } from '../errors.js';
import { ScenarioError } from '../scenario/diagnostics.js';
import type { LocatedDiagnostic } from '../scenario/diagnostics.js';
import { locate } from '../scenario/source.js';
import type { FieldPath, Position } from '../scenario/source.js';
import type { Scenario } from '../scenario/model.js';
import { closest } from '../scenario/suggest.js';

/** The scenarios that ship with netlab. */
export const BUNDLED_SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));

export interface ScenarioFile {
  scenario: Scenario;
  text: string;
  /** Findings that do not stop a run. */
  warnings: LocatedDiagnostic[];
  /** Where a field of the scenario sits in its file, for reports that point at it. */
  positionOf(path: FieldPath): Position;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

function scenarioDirs(cwd: string): string[] {
  const local = join(cwd, 'scenarios');
  return resolve(local) === resolve(BUNDLED_SCENARIOS) ? [local] : [local, BUNDLED_SCENARIOS];
}

/** `router-lab` → scenarios/router-lab.yaml (here, then netlab's own); a path is a path. */
export async function resolveScenario(name: string, cwd = process.cwd()): Promise<string> {
  const looksLikePath = name.includes('/') || name.includes('\\') || /\.ya?ml$/i.test(name);
  if (looksLikePath) {
    const path = resolve(cwd, name);
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile()) return path;
    throw new UsageError(info
      ? `${name} is ${info.isDirectory() ? 'a directory' : 'not a regular file'}, not a scenario file`
      : `no scenario file at ${name}`);
  }
  for (const dir of scenarioDirs(cwd)) {
    for (const ext of ['.yaml', '.yml']) {
      const file = join(dir, `${name}${ext}`);
      if (await isFile(file)) return file;
    }
  }
  const known = (await listScenarioFiles(cwd)).map((f) => basename(f, extname(f)));
  const guess = closest(name, known);
  throw new UsageError(`no scenario named ${name}` +
    (guess ? `; did you mean ${guess}?` : '') +
    `\n  known: ${known.join(', ') || '(none)'}; a path to a .yaml file works too`);
}

export async function listScenarioFiles(cwd = process.cwd()): Promise<string[]> {
  const seen = new Map<string, string>();
  for (const dir of scenarioDirs(cwd)) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.sort()) {
      if (!/\.ya?ml$/i.test(name)) continue;
      const key = basename(name, extname(name));
      if (!seen.has(key)) seen.set(key, join(dir, name));
    }
  }
  return [...seen.values()];
}

/** How a scenario file is named in messages: relative to here when it is below here. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel.startsWith('..') ? file : rel;
}

/** Load and check a scenario; every error in the file is reported at once. */
export async function readScenario(file: string, cwd = process.cwd()): Promise<ScenarioFile> {
  const text = await readFile(file, 'utf8');
  return checkScenarioText(displayPath(file, cwd), text);
}

export function checkScenarioText(shownAs: string, text: string): ScenarioFile {
  const validation = validateScenarioText(shownAs, text);
  if (countErrors(validation) > 0 || !validation.scenario) throw new ScenarioError(validation.diagnostics);
  return {
    scenario: validation.scenario,
    text,
    warnings: validation.diagnostics,
    positionOf: (path) => locate(validation.source, path),
  };
}
