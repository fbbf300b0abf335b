import type { GuestJob } from '../target/target.js';

// The staging directory is netlab's (it holds the marker file); remove it before the
// shell starts, as nothing else will once exec replaces this script.
const SHELL_SCRIPT = [
  '#!/usr/bin/env bash',
  '# netlab vm ssh: a root login shell in the guest, where ip netns and the labs live.',
  'stage=$(cd "$(dirname "$0")" && pwd)',
  '[ -f "$stage/.netlab-stage" ] && rm -rf "$stage"',
  'cd ~ 2>/dev/null || cd /',
  'if [ "$#" -gt 0 ]; then exec "$@"; fi',
  'exec bash -l',
  '',
].join('\n');

/** `netlab vm ssh [COMMAND...]`: a shell, or one command, as root in the guest. */
export function shellJob(command: string[]): GuestJob {
  return { files: { 'shell.sh': SHELL_SCRIPT }, entry: 'shell.sh', args: command };
}
