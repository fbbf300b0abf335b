import { formatDiagnostic, placeDiagnostics } from '../scenario/diagnostics.js';
import type { LocatedDiagnostic } from '../scenario/diagnostics.js';
import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/model.js';
import type { ScenarioSource } from '../scenario/source.js';
import { analyzeScenario } from './rules.js';

export interface Validation {
  file: string;
  diagnostics: LocatedDiagnostic[];
  /** Absent when the file is too broken to build a model from. */
  scenario?: Scenario;
  source: ScenarioSource;
}

/** Every problem of one scenario file, in file order; with `strict`, warnings are errors. */
export function validateScenarioText(shownAs: string, text: string,
  options: { strict?: boolean } = {}): Validation {
  const loaded = loadScenario(shownAs, text);
  // A value the loader refused is missing from the model; a prediction would be about
  // another lab than the file describes.
  const loadFailed = loaded.diagnostics.some((d) => d.severity === 'error');
  const found = loaded.scenario
    ? [...loaded.diagnostics, ...analyzeScenario(loaded.scenario, { predict: !loadFailed })]
    : loaded.diagnostics;
  const placed = placeDiagnostics(loaded.source, found)
    .map((d) => (options.strict ? { ...d, severity: 'error' as const } : d));
  return { file: shownAs, diagnostics: placed, scenario: loaded.scenario, source: loaded.source };
}

export function countErrors(validation: Validation): number {
  return validation.diagnostics.filter((d) => d.severity === 'error').length;
}

/** Each finding with its fix, then one line for the file: "router-lab.yaml: ok". */
export function formatValidation(validation: Validation): string {
  const errors = countErrors(validation);
  const warnings = validation.diagnostics.length - errors;
  const counts = [
    errors > 0 ? `${errors} ${errors === 1 ? 'error' : 'errors'}` : '',
    warnings > 0 ? `${warnings} ${warnings === 1 ? 'warning' : 'warnings'}` : '',
  ].filter(Boolean).join(', ');
  const summary = `${validation.file}: ${counts || 'ok'}`;
  return [...validation.diagnostics.map(formatDiagnostic), summary].join('\n');
}
