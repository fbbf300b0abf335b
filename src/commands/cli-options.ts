import { Option } from 'commander';
import type { Command } from 'commander';
import type { ExitCodeValue } from '../errors.js';
import { quoteWord } from '../plan/shell.js';

/** The options every command that reaches a guest takes. */
export function targetOptions(command: Command): Command {
  return command
    .option('-t, --target <target>', 'where the lab runs: vagrant (default), local, or ssh://USER@HOST[:PORT]')
    .option('-i, --identity <file>', 'SSH private key (default: the agent, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa)')
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


/**
 * The options a printed command needs to reach the same guest and lab as this one, so
 * that a hint such as "netlab down router-lab" works when typed as shown.
 */
export function sameGuestArgs(options: { target?: string; identity?: string; knownHosts?: string },
  prefix: string): string {
  const args: string[] = [];
  if (options.target !== undefined) args.push('--target', options.target);
  if (options.identity !== undefined) args.push('--identity', options.identity);
  if (options.knownHosts !== undefined) args.push('--known-hosts', options.knownHosts);
  if (prefix !== '') args.push('--ns-prefix', prefix);
  return args.map(quoteWord).map((w) => ` ${w}`).join('');
}
