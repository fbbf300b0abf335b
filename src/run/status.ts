import { EnvironmentError, UsageError } from '../errors.js';
import { labId } from '../plan/plan.js';
import type { Target } from '../target/target.js';
import { parseMarker } from './markers.js';
import { guestLibrary } from './runner.js';

/** A lab whose journal is in the guest: up (--keep), or left by a run that did not finish. */
export interface LabUp {
  lab: string;
  state: string;
  started: string;
  namespaces: string[];
}

export function parseMeta(text: string): LabUp {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) values.set(line.slice(0, at), line.slice(at + 1));
  }
  return {
    lab: values.get('lab') ?? '',
    state: values.get('state') ?? 'unknown',
    started: values.get('started') ?? '',
    namespaces: (values.get('namespaces') ?? '').split(' ').filter(Boolean),
  };
}

/** netlab status: every lab netlab's journal knows of in the guest, from one job. */
export async function labsUp(target: Target): Promise<LabUp[]> {
  const labs: LabUp[] = [];
  let end = '';
  const result = await target.run({
    files: { 'netlab-guest.sh': await guestLibrary() },
    entry: 'netlab-guest.sh',
    args: ['status'],
  }, (line) => {
    const event = parseMarker(line);
    if (event?.kind === 'lab') labs.push(parseMeta(event.meta));
    if (event?.kind === 'end') end = event.status;
  });
  if (end !== 'ok') {
    throw new EnvironmentError(`could not read the labs in ${target.label} (exit ${result.exitCode})` +
      (result.stderr.trim() ? `:\n${result.stderr.trim()}` : ''));
  }
  return labs.sort((a, b) => a.lab.localeCompare(b.lab));
}

/**
 * netlab exec LAB NODE -- CMD: the command inside the node's namespace, with the
 * terminal passed through; its exit code is the result. Checked first against the
 * journal, so a typo gets a message rather than "Cannot open network namespace".
 */
export async function execInLab(target: Target, lab: string, node: string, prefix: string,
  argv: string[], sameGuestArgs = ''): Promise<number> {
  const up = (await labsUp(target)).find((l) => l.lab === labId(prefix, lab));
  if (!up) {
    throw new EnvironmentError(`${lab} is not up in ${target.label}.\n` +
      `  fix: start it with netlab run ${lab} --keep${sameGuestArgs} ` +
      '(netlab status lists the labs that are up)');
  }
  const netns = `${prefix}${node}`;
  if (!up.namespaces.includes(netns)) {
    const nodes = up.namespaces.map((ns) => ns.slice(prefix.length));
    throw new UsageError(`${lab} has no node ${node}; its nodes are ${nodes.join(', ')}`);
  }
  return target.attach({
    files: { 'netlab-guest.sh': await guestLibrary() },
    entry: 'netlab-guest.sh',
    args: ['exec', up.lab, netns, ...argv],
  });
}
