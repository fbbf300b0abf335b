import { GUEST_COMMANDS } from '../plan/render.js';
import { parseMarker } from '../run/markers.js';
import { guestLibrary } from '../run/runner.js';
import type { GuestJob, Target } from '../target/target.js';

// Sources netlab's guest library and runs only its preflight: what a lab needs, reported
// all at once, with IPv6 required too since the shipped labs use it. Changes nothing.
const CHECK_SCRIPT = [
  '#!/usr/bin/env bash',
  '# netlab: is this guest ready for labs? (netlab vm up, netlab doctor)',
  '. "$(dirname "$0")/netlab-guest.sh" || exit 3',
  'nl_setup "$(cd "$(dirname "$0")" && pwd)"',
  `nl_preflight 1 ${GUEST_COMMANDS.join(' ')}`,
  'nl_emit end ok',
  '',
].join('\n');

export interface GuestReadiness {
  ready: boolean;
  /** Each thing missing, in words, with its package where one has it. */
  problems: string[];
  /** The packages to install, for the message. */
  packages: string[];
}

/** Runs the guest's preflight on a connected target. */
export async function checkGuest(target: Target): Promise<GuestReadiness> {
  const job: GuestJob = {
    files: { 'check.sh': CHECK_SCRIPT, 'netlab-guest.sh': await guestLibrary() },
    entry: 'check.sh',
    args: [],
  };
  const problems: string[] = [];
  const packages: string[] = [];
  let end = '';
  const result = await target.run(job, (line) => {
    const event = parseMarker(line);
    if (event?.kind === 'end') end = event.status;
    if (event?.kind !== 'preflight') return;
    if (event.state === 'missing') {
      problems.push(`${event.command} (package ${event.pkg})`);
      packages.push(event.pkg);
    } else if (event.state === 'kernel') {
      problems.push(
        event.feature === 'ipv6'
          ? 'IPv6 (the kernel has it disabled)'
          : 'network namespaces (the kernel has no CONFIG_NET_NS)',
      );
    } else if (event.state === 'broken') {
      problems.push(`working network namespaces: ip netns list says ${event.output.trim()}`);
    }
  });
  if (end === 'not-root') problems.push('root: the check did not run as root (sudo -n failed)');
  if (end === '' && problems.length === 0) {
    const said = result.stderr.trim().split('\n').slice(-3).join('; ');
    problems.push(
      `a shell: the check stopped with exit ${result.exitCode}${said ? ` (${said})` : ''}`,
    );
  }
  return {
    ready: end === 'ok' && problems.length === 0,
    problems,
    packages: [...new Set(packages)],
  };
}
