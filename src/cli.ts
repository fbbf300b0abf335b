import { Command, CommanderError } from 'commander';
import { action, targetOptions } from './commands/cli-options.js';
import { registerAnalysisCommands } from './commands/analysis.js';
import { planCommand } from './commands/plan.js';
import { downCommand, listCommand } from './commands/simple.js';
import { registerVmCommands } from './commands/vm.js';
import { processOutput } from './commands/output.js';
import { runCommand } from './commands/run.js';
import { ExitCode, NetlabError } from './errors.js';

const io = processOutput;

export function buildProgram(): Command {
  const program = new Command('netlab')
    .description('Reproducible Linux network labs: namespaces, veth pairs, routes and ping checks')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();

  targetOptions(program.command('run')
    .argument('<lab>', 'a scenario name (router-lab) or a path to a .yaml file')
    .description('build a lab in the guest, run its checks, report, and tear it down')
    .option('--keep', 'leave the lab up after the checks (netlab down LAB removes it)'))
    .action(action((lab: string, options: object) => runCommand(lab, options, io)));

  targetOptions(program.command('down')
    .argument('<lab>', 'the lab to remove: a scenario name, a path, or the lab\'s name')
    .description('remove a lab left up, exactly what netlab created for it'))
    .action(action((lab: string, options: object) => downCommand(lab, options, io)));

  program.command('plan')
    .argument('<lab>', 'a scenario name or a path')
    .description('print the commands the guest will run, as a shell script')
    .option('--ns-prefix <prefix>', 'put this before every namespace name')
    .action(action((lab: string, options: object) => planCommand(lab, options, io)));

  program.command('list')
    .description('list the scenarios here and those netlab ships')
    .action(action(() => listCommand(io)));

  registerVmCommands(program, io);
  registerAnalysisCommands(program, io);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : ExitCode.invalid;
    }
    if (error instanceof NetlabError) {
      io.err(`netlab: ${error.message}`);
      return error.exitCode;
    }
    io.err(`netlab: internal error, please report it:\n${(error as Error).stack ?? String(error)}`);
    return ExitCode.environment;
  }
}
