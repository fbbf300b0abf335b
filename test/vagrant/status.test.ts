import { describe, expect, it } from 'vitest';
import { explainVagrantFailure } from '../../src/vagrant/failure.js';
import { parseMachineReadable } from '../../src/vagrant/machine-readable.js';
import { conditionOf, parseStatus } from '../../src/vagrant/status.js';
import { vmNotUpError } from '../../src/vagrant/ssh-details.js';
import type { VagrantRun } from '../../src/vagrant/vagrant-cli.js';
import { composed, recorded, windowsLines } from './fixtures.js';

function run(command: string, stdout: string, stderr = ''): VagrantRun {
  return {
    command,
    exitCode: 1,
    stdout,
    stderr,
    lines: parseMachineReadable(stdout),
    canceled: false,
  };
}

describe('vagrant status', () => {
  it('of a VM not created, running, shut off (recorded), powered off on Windows (CRLF)', () => {
    expect(
      parseStatus(parseMachineReadable(recorded('status-not-created.txt')), 'default'),
    ).toEqual({
      machine: 'default',
      state: 'not_created',
      provider: 'libvirt',
      description: 'The Libvirt domain is not created. Run `vagrant up` to create it.',
    });
    expect(
      parseStatus(parseMachineReadable(recorded('status-running.txt')), 'default'),
    ).toMatchObject({ state: 'running', provider: 'libvirt' });
    expect(parseStatus(parseMachineReadable(recorded('status-shutoff.txt')), 'default')).toEqual({
      machine: 'default',
      state: 'shutoff',
      provider: 'libvirt',
      description: 'The Libvirt domain is not running. Run `vagrant up` to start it.',
    });
    expect(
      parseStatus(
        parseMachineReadable(windowsLines(composed('status-poweroff-windows.txt'))),
        'default',
      ),
    ).toEqual({
      machine: 'default',
      state: 'poweroff',
      provider: 'virtualbox',
      description: 'The VM is powered off. To restart the VM, simply run `vagrant up`',
    });
    expect(
      parseStatus(parseMachineReadable(recorded('status-running.txt')), 'web'),
    ).toBeUndefined();
  });

  it("sorts every provider's states into running, not created, and stopped", () => {
    expect(
      ['running', 'not_created', 'poweroff', 'shutoff', 'saved', 'aborted', 'paused'].map(
        conditionOf,
      ),
    ).toEqual(['running', 'not-created', 'stopped', 'stopped', 'stopped', 'stopped', 'stopped']);
  });

  it('a VM that is not up is an error that says to run netlab vm up', () => {
    const status = { machine: 'default', provider: 'libvirt', description: '' };
    expect(vmNotUpError({ ...status, state: 'shutoff' }, '/lab').message).toBe(
      'the Vagrant VM is not running (vagrant status in /lab: shutoff).\n' +
        '  fix: run `netlab vm up` to start it',
    );
    expect(vmNotUpError({ ...status, state: 'not_created' }, '/lab').exitCode).toBe(3);
  });
});

describe('a failed vagrant call, as an error', () => {
  it("quotes Vagrant's message and names its error class (recorded)", () => {
    const error = explainVagrantFailure(
      run('vagrant up default --provider virtualbox', recorded('up-provider-not-usable.txt')),
      '/home/ana/lab',
      'unused',
    );
    expect(error.message).toBe(
      [
        '`vagrant up default --provider virtualbox` failed in /home/ana/lab (exit 1): ' +
          'ProviderNotUsable',
        "    The provider 'virtualbox' that was requested to back the machine",
        "    'default' is reporting that it isn't usable on this system. The",
        '    reason is shown below:',
        '',
        '    Vagrant could not detect VirtualBox! Make sure VirtualBox is properly installed.',
        '    Vagrant uses the `VBoxManage` binary that ships with VirtualBox, and requires',
        '    this to be available on the PATH. If VirtualBox is installed, please find the',
        '    `VBoxManage` binary and add it to the PATH environmental variable.',
        '  fix: install that provider, or choose one that is installed with --provider NAME ' +
          '(netlab doctor lists them)',
      ].join('\n'),
    );
    expect(error.exitCode).toBe(3);
  });

  it('quotes the plain text of a Vagrantfile that fails to load (recorded)', () => {
    const error = explainVagrantFailure(
      run('vagrant status default', recorded('status-vagrantfile-error.txt')),
      '/tmp/nlvg/proj',
      'unused',
    );
    expect(error.message).toBe(
      [
        '`vagrant status default` failed in /tmp/nlvg/proj (exit 1): VagrantfileLoadError',
        '    Vagrant failed to initialize at a very early stage:',
        '',
        '    There was an error loading a Vagrantfile. The file being loaded',
        '    and the error message are shown below. This is usually caused by',
        '    a syntax error.',
        '',
        '    Path: /tmp/nlvg/proj/Vagrantfile',
        '    Line number: 29',
        '    Message: ArgumentError: NETLAB_VM_CPUS="abc" is not a whole number from 1 to 64; ' +
          'unset it or ' +
          'give e.g. NETLAB_VM_CPUS=2',
        '  fix: fix the Vagrantfile, or the NETLAB_VM_* variable the message names',
      ].join('\n'),
    );
  });

  it('a box without a build for this host names the way out (composed)', () => {
    const error = explainVagrantFailure(
      run('vagrant up default', composed('up-box-no-arm64.txt')),
      '/lab',
      'unused',
    );
    expect(error.message.split('\n')[0]).toBe(
      '`vagrant up default` failed in /lab (exit 1): BoxAddNoMatchingProvider',
    );
    expect(error.message.split('\n').at(-1)).toBe(
      '  fix: the box has no build for this provider and host; ' +
        'choose another provider with --provider NAME, or set NETLAB_VM_BOX ' +
        'to a box that has one ' +
        '(docs/vagrant-vm.md)',
    );
  });

  it("falls back to stderr and the command's own fix when Vagrant says nothing else", () => {
    const error = explainVagrantFailure(
      run('vagrant halt default', '', 'something broke\n'),
      '/lab',
      'try again',
    );
    expect(error.message).toBe(
      '`vagrant halt default` failed in /lab (exit 1)\n    something broke\n  fix: try again',
    );
  });
});
