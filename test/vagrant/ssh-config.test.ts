import { homedir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { unescapeField } from '../../src/vagrant/machine-readable.js';
import { parseSshConfig, splitSshWords } from '../../src/vagrant/ssh-config.js';
import { recorded, rendered, windowsLines } from './fixtures.js';

describe('parseSshConfig: the output of vagrant ssh-config', () => {
  it('reads the ssh-config of a real libvirt VM, plain and machine-readable (recorded)', () => {
    const real = {
      alias: 'default',
      hostName: '127.0.0.1',
      port: 39451,
      user: 'vagrant',
      identityFiles: ['/tmp/nlvm.I9eNYB/project/.vagrant/machines/default/libvirt/private_key'],
    };
    const text = recorded('ssh-config-machine-readable.txt');
    expect(parseSshConfig(text, 'default')).toEqual(real);
    const line = text.split('\n').find((l) => l.includes(',ssh-config,')) as string;
    expect(parseSshConfig(unescapeField(line.split(',').slice(3).join(',')), 'default')).toEqual(
      real,
    );
  });

  it('reads host, port, user and key of a libvirt VM; the port is whatever Vagrant says', () => {
    expect(parseSshConfig(rendered('ssh-config-libvirt.txt'), 'default')).toEqual({
      alias: 'default',
      hostName: '127.0.0.1',
      port: 2200,
      user: 'vagrant',
      identityFiles: ['/home/ana/netlab/.vagrant/machines/default/libvirt/private_key'],
    });
  });

  it('on Windows: CRLF, quoted paths with spaces, drive letters, two IdentityFile lines', () => {
    const text = windowsLines(rendered('ssh-config-windows.txt'));
    expect(text).toContain('\r\n');
    expect(parseSshConfig(text, 'default')).toEqual({
      alias: 'default',
      hostName: '127.0.0.1',
      port: 2222,
      user: 'vagrant',
      identityFiles: [
        'C:/Users/Jo Ann/netlab/.vagrant/machines/default/virtualbox/private_key',
        'C:/Users/Jo Ann/.vagrant.d/insecure_private_key',
      ],
    });
  });

  it('picks the block of the machine asked among several', () => {
    const text = rendered('ssh-config-two-machines.txt');
    expect(parseSshConfig(text, 'default')).toMatchObject({
      hostName: '192.0.2.10',
      port: 22,
      user: 'ubuntu',
    });
    expect(parseSshConfig(text, 'web')).toMatchObject({
      hostName: '127.0.0.1',
      port: 2222,
      identityFiles: ['/home/ana/lab/.vagrant/machines/web/virtualbox/private_key'],
    });
  });

  it('applies every matching block in order, honours negations, skips Match blocks', () => {
    const text = [
      'Host *',
      '  User root',
      'Host !default lab*',
      '  HostName 198.51.100.1',
      'Match exec "true"',
      '  HostName 203.0.113.9',
      'Host default',
      '  HostName=127.0.0.1',
      '  port 2201',
      '  IdentityFile ~/.vagrant.d/insecure_private_key',
      '  IdentityFile C:\\Users\\me\\key',
    ].join('\n');
    expect(parseSshConfig(text, 'default')).toEqual({
      alias: 'default',
      hostName: '127.0.0.1',
      port: 2201,
      user: 'root',
      identityFiles: [`${homedir()}/.vagrant.d/insecure_private_key`, 'C:\\Users\\me\\key'],
    });
    expect(parseSshConfig(text, 'lab2')).toMatchObject({ hostName: '198.51.100.1' });
  });

  it('says which machines it describes when the one asked is not there', () => {
    expect(() => parseSshConfig(rendered('ssh-config-two-machines.txt'), 'db')).toThrow(
      'vagrant ssh-config describes no machine named db (it describes web, default).\n' +
        '  fix: check that the Vagrantfile defines the machine, or run netlab vm status',
    );
    expect(() => parseSshConfig('', 'default')).toThrow(
      'vagrant ssh-config describes no machine named default (it printed no Host block).\n' +
        '  fix: check that the Vagrantfile defines the machine, or run netlab vm status',
    );
  });

  it('refuses a block without HostName or with a port that is not one', () => {
    expect(() => parseSshConfig('Host default\n  Port 2222\n', 'default')).toThrow(
      'vagrant ssh-config gave no HostName for default.\n' +
        '  fix: run netlab vm status; if the VM is running, vagrant reload restarts its network',
    );
    expect(() =>
      parseSshConfig('Host default\n  HostName 127.0.0.1\n  Port 70000\n', 'default'),
    ).toThrow('vagrant ssh-config gave Port 70000 for default, which is not a port.');
  });

  it('splits words as ssh(1) does: quotes keep spaces, backslashes stay', () => {
    expect(splitSshWords('"C:/Users/Jo Ann/key"  other')).toEqual([
      'C:/Users/Jo Ann/key',
      'other',
    ]);
    expect(splitSshWords('C:\\Users\\me\\key')).toEqual(['C:\\Users\\me\\key']);
    expect(splitSshWords('""')).toEqual(['']);
  });
});
