import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';

/** A prefix for every namespace a test creates: its own, so cleanup finds only those. */
export function testPrefix(): string {
  return `nlt${randomBytes(3).toString('hex')}-`;
}

export function namespacesWith(prefix: string): string[] {
  const out = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  return out.split('\n').map((line) => line.split(' ')[0] ?? '').filter((name) => name.startsWith(prefix));
}

/** netlab's journal folders in the guest (this machine) for labs of this prefix. */
export function journalsWith(prefix: string): string[] {
  if (!existsSync('/run/netlab')) return [];
  return readdirSync('/run/netlab').filter((name) => name.startsWith(prefix)).map((name) => `/run/netlab/${name}`);
}

/**
 * Removes the test's own leftovers, namespaces and journals, and returns their names;
 * a test asserts there were none.
 */
export function removeLeftovers(prefix: string): string[] {
  const left = namespacesWith(prefix);
  for (const name of left) execFileSync('ip', ['netns', 'delete', name]);
  const journals = journalsWith(prefix);
  for (const dir of journals) rmSync(dir, { recursive: true, force: true });
  return [...left, ...journals];
}
