import type { MachineLine } from './machine-readable.js';

/**
 * The phases of `vagrant up` as netlab shows them. "start" is Vagrant loading the
 * Vagrantfile and choosing a provider, where a missing provider shows up.
 */
export type UpPhase = 'start' | 'box' | 'boot' | 'provision';

export const UP_PHASES: readonly UpPhase[] = ['start', 'box', 'boot', 'provision'];

export type UpMessage =
  | { kind: 'provider'; provider: string }
  | { kind: 'say'; level: string; text: string }
  | { kind: 'failure'; errorClass: string; text: string };

/** Vagrant prefixes a machine's lines with "==> default: " or, for details, 4 spaces. */
export function stripMachinePrefix(text: string, machine: string): string {
  const escaped = machine.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`^(?:==> | {4})${escaped}: ?`, 'gm'), '');
}

/** One machine-readable line of `vagrant up` as a message, or undefined for bookkeeping. */
export function readUpLine(line: MachineLine, machine: string): UpMessage | undefined {
  if (line.type === 'metadata' && line.data[0] === 'provider' && line.data[1]) {
    return { kind: 'provider', provider: line.data[1] };
  }
  if (line.type === 'error-exit') {
    return { kind: 'failure', errorClass: line.data[0] ?? '', text: (line.data[1] ?? '').trim() };
  }
  if (line.type !== 'ui' || line.data.length < 2) return undefined;
  const [level = 'info', raw = ''] = line.data;
  const bringing = /^Bringing machine '[^']+' up with '([^']+)' provider/.exec(raw);
  if (bringing?.[1]) return { kind: 'provider', provider: bringing[1] };
  const text = stripMachinePrefix(raw, machine).trim();
  return text ? { kind: 'say', level, text } : undefined;
}

const BOX_WORDS = /\bbox\b|^Downloading:|^Download redirected|^Loading metadata|^URL:|^Progress:/i;
const BOOT_WORDS = new RegExp(
  [
    'boot',
    'starting',
    'creating (domain|image)',
    'waiting for',
    'forwarding ports',
    'network',
    'ssh',
    'hostname',
    'clearing',
    'preparing',
    'resuming',
  ].join('|'),
  'i',
);

/**
 * The phase a message belongs to, when it names one. Vagrant and its providers word
 * their steps differently, so a message that names none stays in the current phase.
 */
export function phaseOf(text: string): Exclude<UpPhase, 'start'> | undefined {
  if (/provision/i.test(text)) return 'provision';
  if (BOX_WORDS.test(text)) return 'box';
  return BOOT_WORDS.test(text) ? 'boot' : undefined;
}
