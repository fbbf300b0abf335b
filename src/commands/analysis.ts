import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { predictCheck, predictPing } from '../analysis/predict.js';
import type { PingQuery } from '../analysis/predict.js';
import { renderPrediction } from '../analysis/prediction-text.js';
import { scenarioJsonSchema } from '../analysis/json-schema.js';
import { simulateLab } from '../analysis/lab-simulation.js';
import { countErrors, formatValidation, validateScenarioText } from '../analysis/validate.js';
import { ExitCode, NetlabError, UsageError } from '../errors.js';
import type { ExitCodeValue } from '../errors.js';
import {
  displayPath,
  listScenarioFiles,
  readScenario,
  resolveScenario,
} from '../run/scenario-file.js';
import { parseAddress } from '../scenario/address.js';
import { formatDiagnostic } from '../scenario/diagnostics.js';
import { findNode } from '../scenario/model.js';
import type { Scenario } from '../scenario/model.js';
import { closest } from '../scenario/suggest.js';
import { action } from './cli-options.js';
import type { Output } from './output.js';

/** netlab validate, explain and schema. */
export function registerAnalysisCommands(program: Command, io: Output): void {
  program
    .command('validate')
    .argument('[labs...]', 'scenario names or paths (default: every scenario netlab lists)')
    .description('report every problem of each scenario, with file:line:col and the fix')
    .option('--strict', 'count warnings as errors')
    .action(
      action((labs: string[], options: { strict?: boolean }) =>
        validateCommand(labs, options, io),
      ),
    );

  program
    .command('explain')
    .argument('<lab>', 'a scenario name or a path')
    .description('predict each check, or one ping, hop by hop there and back')
    .option('--from <node>', 'the node to ping from')
    .option('--to <address>', 'the address to ping')
    .option('--source <address>', 'an address of --from to send from (ping -I)')
    .action(action((lab: string, options: ExplainOptions) => explainCommand(lab, options, io)));

  program
    .command('schema')
    .description("print the scenario's JSON Schema, for editors")
    .action(
      action(async () => {
        io.out(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
        return ExitCode.passed;
      }),
    );
}

/** netlab validate: every file is read and reported, whatever the ones before held. */
export async function validateCommand(
  labs: string[],
  options: { strict?: boolean },
  io: Output,
): Promise<ExitCodeValue> {
  const names = labs.length > 0 ? labs : await listScenarioFiles();
  if (names.length === 0) throw new UsageError('no scenarios here to validate; name a file');

  let failed = false;
  for (const name of names) {
    let file: string;
    let text: string;
    try {
      file = await resolveScenario(name);
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (!(error instanceof NetlabError) && !isFileError(error)) throw error;
      io.out(`${name}: error: ${(error as Error).message}`);
      failed = true;
      continue;
    }
    const validation = validateScenarioText(displayPath(file), text, options);
    io.out(formatValidation(validation));
    if (countErrors(validation) > 0) failed = true;
  }
  return failed ? ExitCode.invalid : ExitCode.passed;
}

function isFileError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string';
}

interface ExplainOptions {
  from?: string;
  to?: string;
  source?: string;
}

/** netlab explain: the way each check's packets would take, and where it breaks. */
export async function explainCommand(
  lab: string,
  options: ExplainOptions,
  io: Output,
): Promise<ExitCodeValue> {
  const loaded = await readScenario(await resolveScenario(lab));
  for (const warning of loaded.warnings) io.err(formatDiagnostic(warning));
  const { scenario } = loaded;

  if (options.from !== undefined || options.to !== undefined || options.source !== undefined) {
    const query = pingQuery(scenario, options);
    io.out(renderPrediction(predictPing(scenario, query)).join('\n'));
    return ExitCode.passed;
  }
  if (scenario.checks.length === 0) {
    io.out(`${scenario.name} has no checks; ask about one ping with --from NODE --to ADDRESS`);
    return ExitCode.passed;
  }
  const sim = simulateLab(scenario);
  const blocks = scenario.checks.map((check) =>
    renderPrediction(predictCheck(scenario, check, sim), check).join('\n'),
  );
  io.out(blocks.join('\n\n'));
  return ExitCode.passed;
}

function pingQuery(scenario: Scenario, options: ExplainOptions): PingQuery {
  const { from, to, source } = options;
  if (from === undefined || to === undefined) {
    throw new UsageError(
      'explain needs both --from NODE and --to ADDRESS (or neither, for ' +
        'every check of the lab)',
    );
  }
  const node = findNode(scenario, from);
  if (!node) {
    const names = scenario.nodes.map((n) => n.name);
    const guess = closest(from, names);
    throw new UsageError(
      `--from ${from}: ${scenario.name} has no such node` +
        (guess ? `; did you mean ${guess}?` : `; its nodes are ${names.join(', ')}`),
    );
  }
  const target = parseAddress(to);
  if (!target) throw new UsageError(`--to ${to}: not an IPv4 or IPv6 address (no prefix)`);
  if (source === undefined) return { from, to: target.address };

  const mine = node.interfaces.flatMap((i) => i.addresses.map((a) => a.address));
  const chosen = parseAddress(source);
  if (!chosen || !mine.includes(chosen.address)) {
    throw new UsageError(
      `--source ${source}: not an address of ${from}` +
        (mine.length > 0 ? `; it has ${mine.join(', ')}` : ''),
    );
  }
  if (chosen.family !== target.family) {
    throw new UsageError(
      `--source ${source} is IPv${chosen.family} but --to ${to} is ` + `IPv${target.family}`,
    );
  }
  return { from, to: target.address, source: chosen.address };
}
