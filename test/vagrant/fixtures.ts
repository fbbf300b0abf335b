import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, '../fixtures/vagrant');

/** Output of the real Vagrant 2.3.4 with vagrant-libvirt 0.11.2 (see the README there). */
export function recorded(name: string): string {
  return readFileSync(join(FIXTURES, 'recorded', name), 'utf8');
}

/** ssh-config text rendered by Vagrant 2.3.4's own template, for hosts this machine is not. */
export function rendered(name: string): string {
  return readFileSync(join(FIXTURES, 'rendered', name), 'utf8');
}

/** Output written after Vagrant's source, for what cannot run here (a VM booting). */
export function composed(name: string): string {
  return readFileSync(join(FIXTURES, 'composed', name), 'utf8');
}

/** Text as Vagrant on Windows prints it: every line ends in CRLF. */
export function windowsLines(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
