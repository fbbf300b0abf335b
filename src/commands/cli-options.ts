import { Option } from 'commander';
import type { Command } from 'commander';
import type { ExitCodeValue } from '../errors.js';

/** The options every command that reaches a guest takes. */
export function targetOptions(command: Command): Command {
  return command
    .option('-t, --target <target>', 'where the lab runs: vagrant (default), local, or ssh://USER@HOST[:PORT]')
    .option('-i, --identity <file>', 'SSH private key to use (default: the agent, then ~/.ssh/id_ed25519, id_rsa)')
    .option('--accept-new-host-key', 'trust an SSH host seen for the first time, and record its key')
    .addOption(new Option('--known-hosts <file>', 'known_hosts file to check host keys against')
      .default(undefined, '~/.ssh/known_hosts'))
    .option('--ns-prefix <prefix>', 'put this before every namespace name (env NETLAB_NS_PREFIX)');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function action<A extends any[]>(run: (...args: A) => Promise<ExitCodeValue>) {
  return async (...args: A) => {
    process.exitCode = await run(...args);
  };
}

