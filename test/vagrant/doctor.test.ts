import { describe, expect, it } from 'vitest';
import { renderDoctorReport } from '../../src/commands/doctor.js';
import {
  checkArch,
  checkNode,
  checkProvider,
  checkProviderChoice,
} from '../../src/vagrant/doctor.js';
import type { ProviderFinding } from '../../src/vagrant/providers.js';

const libvirt: ProviderFinding = {
  provider: 'libvirt',
  name: 'libvirt',
  version: '9.0.0',
  plugin: 'vagrant-libvirt',
  pluginInstalled: true,
  install: 'apt-get install vagrant-libvirt',
};
const parallels: ProviderFinding = {
  provider: 'parallels',
  name: 'Parallels',
  version: '19.1.0',
  plugin: 'vagrant-parallels',
  pluginInstalled: false,
  install: 'Parallels Desktop',
};

describe("netlab doctor's checks", () => {
  it('Node.js 20.19 or later', () => {
    expect(checkNode('20.19.0')).toEqual({ item: 'Node.js', status: 'ok', found: 'v20.19.0' });
    expect(checkNode('18.20.4')).toEqual({
      item: 'Node.js',
      status: 'fail',
      found: 'v18.20.4',
      fix: 'install Node.js 20.19.0 or later (https://nodejs.org)',
    });
  });

  it('a provider found, one lacking its Vagrant plugin, one absent', () => {
    expect(checkProvider(libvirt)).toEqual({
      item: 'libvirt',
      status: 'ok',
      found: '9.0.0 (--provider libvirt)',
    });
    expect(checkProvider(parallels)).toEqual({
      item: 'Parallels',
      status: 'warn',
      found: '19.1.0, but Vagrant lacks vagrant-parallels',
      fix: 'vagrant plugin install vagrant-parallels',
    });
    expect(checkProvider({ ...libvirt, version: undefined })).toEqual({
      item: 'libvirt',
      status: 'info',
      found: 'not installed',
      fix: 'to use it: apt-get install vagrant-libvirt',
    });
  });

  it('on arm64, a provider the box has no build for does not count', () => {
    expect(checkProviderChoice([libvirt], 'amd64').status).toBe('ok');
    expect(checkProviderChoice([libvirt], 'arm64')).toEqual({
      item: 'provider',
      status: 'fail',
      found: 'none that can run bento/ubuntu-24.04 here',
      fix: 'install one of libvirt, as said above',
    });
    expect(checkArch('other', 'ppc64').status).toBe('fail');
  });

  it('renders one line per check, the fix under it, wrapped under 100 columns', () => {
    const report = renderDoctorReport([
      { item: 'Node.js', status: 'ok', found: 'v20.20.2' },
      {
        item: 'Vagrant',
        status: 'fail',
        found: 'not found on PATH',
        fix:
          'install it from ' +
          'https://developer.hashicorp.com/vagrant/install ' +
          '(or: brew install hashicorp/tap/hashicorp-vagrant)',
      },
      { item: 'disk', status: 'warn', found: '2.1 GB free in /home/ana', fix: 'free some space' },
      { item: 'lab VM', status: 'info', found: 'not checked: it needs Vagrant' },
    ]);
    expect(report).toBe(
      [
        'ok    Node.js  v20.20.2',
        'FAIL  Vagrant  not found on PATH',
        '               fix: install it from ' +
          'https://developer.hashicorp.com/vagrant/install (or: brew',
        '                    install hashicorp/tap/hashicorp-vagrant)',
        'warn  disk     2.1 GB free in /home/ana',
        '               fix: free some space',
        '--    lab VM   not checked: it needs Vagrant',
        '',
        '1 problem: fix it, then run netlab doctor again.',
      ].join('\n'),
    );
  });
});
