import { NetlabError, ExitCode } from '../errors.js';
import { formatPath, locate } from './source.js';
import type { FieldPath, Position, ScenarioSource } from './source.js';

export type Severity = 'error' | 'warning';

/** One finding about a scenario: where it is, what is wrong, and the change that fixes it. */
export interface Diagnostic {
  severity: Severity;
  path: FieldPath;
  message: string;
  fix?: string;
  /** Point at the key rather than its value (unknown keys, bad names). */
  at?: 'key' | 'value';
  /** Where the YAML parser itself found the problem, when no field path applies. */
  position?: Position;
}

export interface LocatedDiagnostic extends Diagnostic {
  file: string;
  position: Position;
}

export function placeDiagnostics(source: ScenarioSource, found: Diagnostic[]): LocatedDiagnostic[] {
  return found
    .map((d) => ({ ...d, file: source.file, position: d.position ?? locate(source, d.path, d.at) }))
    .sort((a, b) => a.position.line - b.position.line || a.position.col - b.position.col);
}

export function formatDiagnostic(d: LocatedDiagnostic): string {
  const where = `${d.file}:${d.position.line}:${d.position.col}`;
  const field = d.path.length > 0 ? `${formatPath(d.path)}: ` : '';
  const head = `${where}: ${d.severity}: ${field}${d.message}`;
  return d.fix ? `${head}\n  fix: ${d.fix}` : head;
}

/** A scenario that cannot be run; carries every problem found, not only the first. */
export class ScenarioError extends NetlabError {
  readonly diagnostics: LocatedDiagnostic[];

  constructor(diagnostics: LocatedDiagnostic[], summary?: string) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const file = diagnostics[0]?.file ?? 'scenario';
    const head = summary ?? `${file}: ${errors.length} ${errors.length === 1 ? 'error' : 'errors'}`;
    super([head, ...diagnostics.map(formatDiagnostic)].join('\n'), ExitCode.invalid);
    this.diagnostics = diagnostics;
  }
}
