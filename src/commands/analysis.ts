import type { Command } from 'commander';
import type { Output } from './output.js';

/** netlab validate, explain and schema. */
export function registerAnalysisCommands(_program: Command, _io: Output): void {
  // TODO: validate, explain and schema (built with the validate/explain issue).
}
