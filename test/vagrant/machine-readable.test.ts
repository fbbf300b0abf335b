import { describe, expect, it } from 'vitest';
import {
  findFailure,
  parseMachineLine,
  parseMachineReadable,
  unescapeField,
} from '../../src/vagrant/machine-readable.js';
import { composed, recorded } from './fixtures.js';

const SSH_NOT_READY = [
  'The provider for this Vagrant-managed machine is reporting that it',
  'is not yet ready for SSH. Depending on your provider this can carry',
  'different meanings. Make sure your machine is created and running and',
  'try again. Additionally, check the output of `vagrant status` to verify',
  'that the machine is in the state that you expect. If you continue to',
  'get this error message, please view the documentation for the provider',
  "you're using.",
].join('\n');

describe("Vagrant's machine-readable lines", () => {
  it('splits timestamp, target, type and data', () => {
    expect(parseMachineLine('1796395541,default,state,not_created')).toEqual({
      timestamp: 1796395541,
      target: 'default',
      type: 'state',
      data: ['not_created'],
    });
    expect(parseMachineLine('1796395541,default,action,up,start')).toEqual({
      timestamp: 1796395541,
      target: 'default',
      type: 'action',
      data: ['up', 'start'],
    });
    expect(parseMachineLine('1796395546,,ui,warn,There are no installed boxes!')).toEqual({
      timestamp: 1796395546,
      target: '',
      type: 'ui',
      data: ['warn', 'There are no installed boxes!'],
    });
  });

  it('undoes %!(VAGRANT_COMMA), \\n and \\r, and keeps an empty field', () => {
    expect(unescapeField('a%!(VAGRANT_COMMA) b\\nc\\r')).toBe('a, b\nc\r');
    expect(
      parseMachineLine('1,vagrant-libvirt,plugin-version,0.11.2%!(VAGRANT_COMMA) system')?.data,
    ).toEqual(['0.11.2, system']);
    expect(parseMachineLine('1,default,ui,detail,')?.data).toEqual(['detail', '']);
  });

  it('ignores what is not a machine-readable line, and a CR at the end of one', () => {
    const text =
      '/usr/lib/ruby/3.1.0/x.rb:1: warning: already initialized constant\n' +
      '1796400500,default,state,poweroff\r\n\n' +
      'Vagrant failed to initialize at a very early stage:\n';
    expect(parseMachineReadable(text)).toEqual([
      { timestamp: 1796400500, target: 'default', type: 'state', data: ['poweroff'] },
    ]);
  });

  it('reads the status of a machine not created (recorded)', () => {
    const lines = parseMachineReadable(recorded('status-not-created.txt'));
    expect(lines.map((l) => [l.target, l.type, l.data[0]])).toEqual([
      ['default', 'metadata', 'provider'],
      ['default', 'provider-name', 'libvirt'],
      ['default', 'state', 'not_created'],
      ['default', 'state-human-short', 'not created'],
      [
        'default',
        'state-human-long',
        'The Libvirt domain is not created. Run `vagrant up` to create it.',
      ],
      ['', 'ui', 'info'],
    ]);
    expect(lines[5]?.data[1]).toBe(
      'Current machine states:\n\ndefault                   not created (libvirt)\n\n' +
        'The Libvirt domain is not created. Run `vagrant up` to create it.',
    );
  });

  it("finds Vagrant's error class and message in a failure (recorded)", () => {
    expect(findFailure(parseMachineReadable(recorded('ssh-config-not-created.txt')))).toEqual({
      errorClass: 'Vagrant::Errors::SSHNotReady',
      message: SSH_NOT_READY,
    });
    expect(findFailure(parseMachineReadable(recorded('destroy-libvirt-unreachable.txt')))).toEqual(
      {
        errorClass: 'VagrantPlugins::ProviderLibvirt::Errors::FogLibvirtConnectionError',
        message:
          'Error while connecting to Libvirt: Error making a connection to libvirt URI ' +
          'qemu:///system:\nCall to virConnectOpen failed: Failed to connect socket to ' +
          "'/var/run/libvirt/libvirt-sock': " +
          'No such file or directory',
      },
    );
    expect(findFailure(parseMachineReadable(recorded('status-not-created.txt')))).toBeUndefined();
  });

  it('keeps the multi-line messages of vagrant up in one line each (composed)', () => {
    const lines = parseMachineReadable(composed('up-new.txt'));
    expect(lines.filter((l) => l.type === 'action').map((l) => l.data)).toEqual([
      ['up', 'start'],
      ['up', 'end'],
    ]);
    expect(lines.find((l) => l.data[1]?.includes('insecure key'))?.data[1]).toBe(
      '    default: \n' +
        '    default: Vagrant insecure key detected. Vagrant will automatically replace\n' +
        '    default: this with a newly generated keypair for better security.',
    );
  });
});
