import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/** A prefix for every namespace a test creates: its own, so cleanup finds only those. */
export function testPrefix(): string {
  return `nlt${randomBytes(3).toString('hex')}-`;
}

export function namespacesWith(prefix: string): string[] {
  const out = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  return out.split('\n').map((line) => line.split(' ')[0] ?? '').filter((name) => name.startsWith(prefix));
}

/** Removes the test's own leftovers and returns their names; a test asserts there were none. */
export function removeLeftovers(prefix: string): string[] {
  const left = namespacesWith(prefix);
  for (const name of left) execFileSync('ip', ['netns', 'delete', name]);
  return left;
}
