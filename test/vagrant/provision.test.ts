import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/vagrant/project.js';

const SCRIPT = join(PACKAGE_ROOT, 'provision/guest.sh');
const ALL = [
  'iproute2',
  'iputils-ping',
  'procps',
  'coreutils',
  'util-linux',
  'tcpdump',
  'traceroute',
];

// provision/guest.sh against stand-ins for dpkg-query and apt-get: what it would install,
// and that a second run fetches nothing. The machine's own packages are never touched.
let dir: string;
beforeEach(() => {
  dir = mkdtempSync('/tmp/netlab-provision-test-');
  const tool = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/bash\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  tool(
    'dpkg-query',
    `grep -qx "\${@: -1}" "${dir}/installed" && printf 'install ok installed' || exit 1`,
  );
  tool(
    'apt-get',
    [
      `echo "apt-get $*" >>"${dir}/apt.log"`,
      `[ -f "${dir}/offline" ] && [[ " $* " == *" update "* ]] && exit 100`,
      `if [[ " $* " == *" install "* ]]; then`,
      `  for p in "$@"; do echo "$p" >>"${dir}/installed"; done`,
      'fi',
      'exit 0',
    ].join('\n'),
  );
  tool('sleep', 'exit 0');
  tool('ip', 'echo "ip utility, iproute2-6.1.0"');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function provision(path = `${dir}:/usr/bin:/bin`) {
  const result = spawnSync('/bin/bash', [SCRIPT], { env: { PATH: path }, encoding: 'utf8' });
  let apt = '';
  try {
    apt = readFileSync(join(dir, 'apt.log'), 'utf8');
  } catch {
    apt = '';
  }
  rmSync(join(dir, 'apt.log'), { force: true });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, apt };
}

describe('provision/guest.sh', () => {
  it('is LF only, and bash reads it', () => {
    expect(readFileSync(SCRIPT, 'utf8')).not.toContain('\r');
    execFileSync('/bin/bash', ['-n', SCRIPT]);
  });

  it('installs only what is missing, and a second run fetches nothing', () => {
    writeFileSync(
      join(dir, 'installed'),
      `${ALL.filter((p) => p !== 'tcpdump' && p !== 'traceroute').join('\n')}\n`,
    );
    const first = provision();
    expect(first.apt).toBe(
      'apt-get -q -y -o DPkg::Lock::Timeout=300 update\n' +
        'apt-get -q -y -o DPkg::Lock::Timeout=300 install --no-install-recommends ' +
        'tcpdump traceroute\n',
    );
    expect(first.stdout).toBe(
      'netlab provision: installing: tcpdump traceroute\n' +
        'netlab provision: ready: ip utility, iproute2-6.1.0\n',
    );
    expect(first.code).toBe(0);

    const second = provision();
    expect(second.apt).toBe('');
    expect(second.stdout).toBe(
      `netlab provision: all present: ${ALL.join(' ')}\n` +
        'netlab provision: ready: ip utility, iproute2-6.1.0\n',
    );
    expect(second.code).toBe(0);
  });

  it('says what it could not install when the mirror cannot be reached', () => {
    writeFileSync(join(dir, 'installed'), 'iproute2\n');
    writeFileSync(join(dir, 'offline'), '');
    const result = provision();
    expect(result.apt.split('\n').filter((l) => l.endsWith(' update'))).toHaveLength(3);
    expect(result.stderr).toBe(
      'netlab provision: cannot reach the package mirror; the VM needs the internet ' +
        'once to install:\n' +
        'netlab provision: iputils-ping procps coreutils util-linux tcpdump traceroute\n',
    );
    expect(result.code).toBe(1);
  });

  it('on a guest without apt, names the packages to install by hand', () => {
    const result = provision(join(dir, 'nothing-here'));
    expect(result.stderr).toBe(
      'netlab provision: this guest has no apt; provision/guest.sh knows Ubuntu and ' +
        `Debian only.\nnetlab provision: install these yourself: ${ALL.join(' ')}\n`,
    );
    expect(result.code).toBe(1);
  });
});
