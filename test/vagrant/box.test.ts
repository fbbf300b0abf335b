import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boxBuildProblem, chosenBox, DEFAULT_BOX } from '../../src/vagrant/box.js';
import { PACKAGE_ROOT } from '../../src/vagrant/project.js';

describe('the box and the host', () => {
  it('the Vagrantfile pins the same box netlab checks against', () => {
    const vagrantfile = readFileSync(join(PACKAGE_ROOT, 'Vagrantfile'), 'utf8');
    expect(vagrantfile).toContain(`DEFAULT_BOX = "${DEFAULT_BOX.name}"`);
    expect(vagrantfile).toContain(`DEFAULT_BOX_VERSION = "${DEFAULT_BOX.version}"`);
    expect(vagrantfile).not.toContain('\r');
  });

  it('NETLAB_VM_BOX and NETLAB_VM_BOX_VERSION choose another box, without the pin', () => {
    expect(chosenBox({})).toEqual({
      name: 'bento/ubuntu-24.04',
      version: '202508.03.0',
      isDefault: true,
    });
    expect(chosenBox({ NETLAB_VM_BOX: 'me/noble' })).toEqual({
      name: 'me/noble',
      version: '',
      isDefault: false,
    });
    expect(chosenBox({ NETLAB_VM_BOX: 'me/noble', NETLAB_VM_BOX_VERSION: '1.0' }).version).toBe(
      '1.0',
    );
  });

  it('on arm64, a provider without an arm64 build is refused before any download', () => {
    expect(boxBuildProblem('arm64', 'parallels', {})).toBeUndefined();
    expect(boxBuildProblem('amd64', 'libvirt', {})).toBeUndefined();
    expect(boxBuildProblem('arm64', 'libvirt', {})?.message).toBe(
      'the box bento/ubuntu-24.04 202508.03.0 has no libvirt build for arm64 hosts ' +
        '(it has: parallels, vmware_desktop, virtualbox).\n' +
        '  fix: use one of those with --provider NAME, or set NETLAB_VM_BOX ' +
        '(and NETLAB_VM_BOX_VERSION) ' +
        'to an Ubuntu 24.04 box built for libvirt on arm64',
    );
    expect(boxBuildProblem('arm64', 'libvirt', { NETLAB_VM_BOX: 'me/noble-arm' })).toBeUndefined();
    expect(boxBuildProblem('amd64', 'hyperv', {})?.message).toContain(
      'has no hyperv build for amd64 hosts',
    );
    expect(boxBuildProblem('other', 'virtualbox', {})?.message).toBe(
      "netlab's VM needs an amd64 or arm64 host; this one is neither.\n" +
        '  fix: run labs on a Linux machine without the VM: --target local, or ' +
        '--target ssh://USER@HOST',
    );
  });
});
