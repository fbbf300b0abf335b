import type { Command } from 'commander';
import type { Output } from './output.js';

/** netlab vm up|status|ssh|halt|destroy and netlab doctor. */
export function registerVmCommands(_program: Command, _io: Output): void {
  // TODO: the Vagrant VM commands (built with the vm issue).
}
