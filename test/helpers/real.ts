import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe } from 'vitest';

// Tests that need the real kernel, a real sshd or root are skipped with the reason when
// the machine lacks them; NETLAB_REQUIRE_REAL=1 (set by .ci/run) makes that a failure.

function has(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const SSHD = '/usr/sbin/sshd';

export type Need = 'root' | 'netns' | 'sshd' | 'sudo' | 'xmllint' | 'dot';

export function missingFor(needs: readonly Need[]): string[] {
  const missing: string[] = [];
  for (const need of needs) {
    if (need === 'root' && process.getuid?.() !== 0) missing.push('root');
    if (need === 'netns' && (process.platform !== 'linux' || !has('ip') || !has('ping'))) {
      missing.push('Linux with ip and ping');
    }
    if (need === 'sshd' && (!existsSync(SSHD) || !has('ssh-keygen'))) missing.push('OpenSSH sshd and ssh-keygen');
    if (need === 'sudo' && !has('sudo')) missing.push('sudo');
    if (need === 'xmllint' && !has('xmllint')) missing.push('xmllint (libxml2-utils)');
    if (need === 'dot' && !has('dot')) missing.push('Graphviz dot');
  }
  return missing;
}

/** describe() for a suite that needs real parts: skipped with the reason, or failed in CI. */
export function describeReal(name: string, needs: readonly Need[],
  body: () => void): void {
  const missing = missingFor(needs);
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  if (process.env.NETLAB_REQUIRE_REAL === '1') {
    throw new Error(`${name}: this machine lacks ${missing.join(', ')}, and NETLAB_REQUIRE_REAL=1`);
  }
  describe.skip(`${name} (skipped: needs ${missing.join(', ')})`, body);
}
