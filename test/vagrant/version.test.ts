import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  parseVagrantVersion,
  vagrantVersionProblem,
} from '../../src/vagrant/version.js';
import { vagrantMissing } from '../../src/vagrant/install-hint.js';

describe('the Vagrant version', () => {
  it('is read from --version, warnings or not', () => {
    expect(parseVagrantVersion('Vagrant 2.3.4\n')).toBe('2.3.4');
    expect(parseVagrantVersion('Vagrant 2.4.1\r\n')).toBe('2.4.1');
    expect(
      parseVagrantVersion('Vagrant failed to initialize at a very early stage:\n'),
    ).toBeUndefined();
  });

  it('compares by numbers, not text', () => {
    expect(compareVersions('2.10.0', '2.9.9')).toBeGreaterThan(0);
    expect(compareVersions('2.3', '2.3.0')).toBe(0);
    expect(compareVersions('2.2.19', '2.3.0')).toBeLessThan(0);
  });

  it('2.3 will do on amd64; arm64 needs 2.4, which picks the arm64 build of a box', () => {
    expect(vagrantVersionProblem('2.3.4', 'amd64', 'linux')).toBeUndefined();
    expect(vagrantVersionProblem('2.4.0', 'arm64', 'darwin')).toBeUndefined();
    expect(vagrantVersionProblem('2.3.7', 'arm64', 'darwin')?.message).toBe(
      'Vagrant 2.3.7 is too old: on this arm64 host netlab needs 2.4.0 or later, ' +
        'the first to choose ' +
        "a box's arm64 build.\n" +
        '  fix: install a newer one from https://developer.hashicorp.com/vagrant/install ' +
        '(or: brew install hashicorp/tap/hashicorp-vagrant)',
    );
    expect(vagrantVersionProblem('2.2.19', 'amd64', 'win32')?.message).toBe(
      'Vagrant 2.2.19 is too old: netlab needs 2.3.0 or later.\n' +
        '  fix: install a newer one from https://developer.hashicorp.com/vagrant/install ' +
        '(or: winget install Hashicorp.Vagrant), then open a new terminal',
    );
  });

  it('a missing vagrant says where to get it, for each kind of host', () => {
    expect(vagrantMissing('darwin').message).toBe(
      'netlab needs Vagrant for the lab VM, and there is no `vagrant` on PATH.\n' +
        '  fix: install it from https://developer.hashicorp.com/vagrant/install ' +
        '(or: brew install hashicorp/tap/hashicorp-vagrant); ' +
        'netlab doctor then checks the rest\n' +
        '  or:  run labs without the VM: --target local (Linux, as root) or ' +
        '--target ssh://USER@HOST',
    );
    expect(vagrantMissing('win32').message).toContain(
      '(or: winget install Hashicorp.Vagrant), then open a new terminal',
    );
    expect(vagrantMissing('win32').exitCode).toBe(3);
  });
});
