import { Command, CommanderError } from 'commander';
import { action, targetOptions } from './commands/cli-options.js';
import { registerAnalysisCommands } from './commands/analysis.js';
import { planCommand } from './commands/plan.js';
import { downCommand, listCommand } from './commands/simple.js';
import { registerVmCommands } from './commands/vm.js';
import { processOutput } from './commands/output.js';
import { execCommand, graphCommand, statusCommand } from './commands/lab-tools.js';
import { runCommand } from './commands/run.js';
import { ExitCode, NetlabError } from './errors.js';
import type { ExitCodeValue } from './errors.js';

const io = processOutput;

export function buildProgram(): Command {
  const program = new Command('netlab')
    .description('Reproducible Linux network labs: namespaces, veth pairs, routes and ping checks')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();

  targetOptions(program.command('run')
    .argument('[labs...]', 'scenario names (router-lab) or paths to .yaml files')
    .description('build each lab in the guest, run its checks, report, and tear it down')
    .option('--all', 'every scenario in ./scenarios and netlab\'s own')
    .option('--keep', 'leave the lab up after the checks (netlab down LAB removes it)')
    .option('--bail', 'stop at the first scenario that does not pass')
    .option('--reporter <list>', 'text, json, junit; several separated by commas', 'text')
    .option('--report-dir <dir>', 'where reports and run folders go', '.netlab'))
    .action(action((labs: string[], options: object) => runCommand(labs, options, io)));

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

  program.command('graph')
    .argument('<lab>', 'a scenario name or a path')
    .description('draw the lab: Mermaid for Markdown (default), or Graphviz DOT')
    .option('--format <format>', 'mermaid or dot', 'mermaid')
    .action(action((lab: string, options: object) => graphCommand(lab, options, io)));

  targetOptions(program.command('status')
    .description('the labs up in the guest, from netlab\'s journal there')
    .option('--json', 'print them as JSON'))
    .action(action((options: object) => statusCommand(options, io)));

  targetOptions(program.command('exec')
    .argument('<lab>', 'a lab that is up (netlab run LAB --keep)')
    .argument('<node>', 'one of its nodes')
    .argument('[command...]', 'the command to run there (after --); a shell when absent')
    .description('run a command inside a node of a running lab, like ip netns exec'))
    .action(action(async (lab: string, node: string, command: string[], options: object) =>
      await execCommand(lab, node, command, options) as ExitCodeValue));

  registerVmCommands(program, io);
  registerAnalysisCommands(program, io);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  // `netlab run LAB | head` closes stdout early: the run must still finish in the guest
  // and tear its lab down, so a closed pipe only stops the printing.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  try {
    await buildProgram().parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.unknownOption' && argv.slice(2).includes('exec')) {
        io.err('  netlab exec takes the command after --: netlab exec LAB NODE -- ip -br address');
      }
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
