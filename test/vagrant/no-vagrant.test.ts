import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netlab } from '../helpers/cli.js';

// A PATH with nothing on it: no vagrant, and none of the hypervisors' tools either.
let work: string;
let empty: string;
beforeAll(() => {
  work = mkdtempSync('/tmp/netlab-no-vagrant-');
  empty = mkdtempSync('/tmp/netlab-empty-path-');
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
});

const MISSING = [
  'netlab: netlab needs Vagrant for the lab VM, and there is no `vagrant` on PATH.',
  "  fix: install it from https://developer.hashicorp.com/vagrant/install (HashiCorp's apt/dnf " +
    "repository), or your distribution's package (sudo apt-get install vagrant); " +
    'netlab doctor then ' +
    'checks the rest',
  '  or:  run labs without the VM: --target local (Linux, as root) or --target ssh://USER@HOST',
  '',
].join('\n');

describe.runIf(process.platform === 'linux')('without Vagrant on PATH', () => {
  const run = (args: string[]) => netlab(args, { cwd: work, env: { PATH: empty } });

  it('vm up, vm status and run (default target) exit 3 and say how to install it', async () => {
    for (const args of [
      ['vm', 'up'],
      ['vm', 'status'],
      ['run', 'router-lab'],
    ]) {
      const result = await run(args);
      expect(result.stderr, args.join(' ')).toBe(MISSING);
      expect(result.code, args.join(' ')).toBe(3);
    }
  });

  it('netlab doctor gives a readable report that says how to install Vagrant', async () => {
    const doctor = await run(['doctor']);
    const lines = doctor.stdout.split('\n');
    expect(lines[0]).toMatch(/^ok {4}Node\.js {5}v\d+\.\d+\.\d+$/);
    expect(lines[1]).toMatch(/^ok    host        linux, (x86_64 \(amd64\)|arm64)/);
    expect(lines.slice(2, 6)).toEqual([
      'FAIL  Vagrant     not found on PATH',
      '                  fix: install it from https://developer.hashicorp.com/vagrant/install ' +
        "(HashiCorp's",
      "                       apt/dnf repository), or your distribution's package " +
        '(sudo apt-get install',
      '                       vagrant)',
    ]);
    expect(lines).toContain('FAIL  provider    none that can run bento/ubuntu-24.04 here');
    expect(lines).toContain('--    lab VM      not checked: it needs Vagrant');
    expect(lines.at(-2)).toBe('2 problems: fix them, then run netlab doctor again.');
    expect(lines.every((line) => line.length <= 100)).toBe(true);
    expect(doctor.code).toBe(3);
  });
});
