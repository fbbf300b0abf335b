import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/vagrant/project.js';
import { netlab } from '../helpers/cli.js';
import { namespacesWith, removeLeftovers, testPrefix } from '../helpers/netns.js';
import { describeReal } from '../helpers/real.js';
import { startSshd } from '../helpers/sshd.js';
import type { TestSshd } from '../helpers/sshd.js';
import { createFakeVagrant } from './stand-in.js';
import type { FakeVagrant } from './stand-in.js';

// netlab's own folder, where the stand-in runs: the test's folder has no Vagrantfile.
const ROOT = PACKAGE_ROOT.replace(/\/$/, '');
const took = (text: string) => text.replace(/in \d+\.\d s\./, 'in N s.');

describeReal(
  'netlab vm and the default target, with a stand-in vagrant and a real sshd',
  ['root', 'netns', 'sshd'],
  () => {
    const prefix = testPrefix();
    let sshd: TestSshd;
    let vagrant: FakeVagrant;
    let work: string;
    let env: Record<string, string>;
    let address: string;

    beforeAll(async () => {
      sshd = await startSshd();
      vagrant = createFakeVagrant({
        host: sshd.host,
        port: sshd.port,
        user: 'root',
        key: sshd.clientKey,
      });
      work = mkdtempSync('/tmp/netlab-vm-test-');
      env = { ...vagrant.env, NETLAB_NS_PREFIX: prefix };
      address = `root@127.0.0.1:${sshd.port}`;
    });

    afterAll(async () => {
      await sshd?.stop();
      vagrant?.remove();
      rmSync(work, { recursive: true, force: true });
      expect(removeLeftovers(prefix), 'namespaces left behind').toEqual([]);
    });

    beforeEach(() => {
      vagrant.set('up-error', undefined);
      vagrant.set('version', undefined);
      vagrant.set('provider', undefined);
      vagrant.takeCalls();
    });

    const run = (args: string[]) => netlab(args, { cwd: work, env });

    it('vm up creates the VM, then run router-lab passes on it with no --target', async () => {
      vagrant.setState('not_created');
      const up = await run(['vm', 'up']);
      expect(up.stderr).toBe('');
      expect(took(up.stdout)).toBe(
        [
          'ok    Vagrant 2.4.1',
          'ok    The VM is not created yet (libvirt)',
          'Bring the VM up: vagrant up',
          '  ok    Start Vagrant',
          '  ok    Get the box bento/ubuntu-24.04 202508.03.0',
          '  ok    Boot the VM',
          '  ok    Provision the guest (provision/guest.sh)',
          `ok    SSH details: ${address}`,
          `ok    Connected to ${address}`,
          'ok    Check the guest: ip, ping, sysctl, network namespaces, IPv6',
          '',
          `The lab VM is up: ${address} (libvirt), ready for labs, in N s.`,
          '  next: netlab run router-lab',
          '',
        ].join('\n'),
      );
      expect(up.code).toBe(0);
      expect(vagrant.state()).toBe('running');
      expect(vagrant.takeCalls()).toEqual([
        `${ROOT}\t--version`,
        `${ROOT}\tstatus default --machine-readable`,
        `${ROOT}\tup default --machine-readable`,
        `${ROOT}\tssh-config default`,
      ]);

      const lab = await run(['run', 'router-lab']);
      expect(lab.stderr).toBe('');
      expect(lab.stdout).toContain('ok    Connect to the Vagrant VM\n');
      expect(lab.stdout).toMatch(/2 of 2 checks passed/);
      expect(lab.code).toBe(0);
      expect(vagrant.takeCalls()).toEqual([`${ROOT}\tssh-config default`]);
      expect(namespacesWith(prefix)).toEqual([]);
    });

    it('netlab vm up on a running VM is quick and says so', async () => {
      vagrant.setState('running');
      const up = await run(['vm', 'up']);
      expect(took(up.stdout)).toBe(
        [
          'ok    Vagrant 2.4.1',
          'ok    The VM is running (libvirt)',
          'skip  Bring the VM up: vagrant up (it is running already)',
          `ok    SSH details: ${address}`,
          `ok    Connected to ${address}`,
          'ok    Check the guest: ip, ping, sysctl, network namespaces, IPv6',
          '',
          `The lab VM was running already: ${address} (libvirt); nothing to boot, ` +
            'guest checked in N s.',
          '  next: netlab run router-lab',
          '',
        ].join('\n'),
      );
      expect(up.code).toBe(0);
      expect(vagrant.takeCalls().map((c) => c.split('\t')[1])).toEqual([
        '--version',
        'status default --machine-readable',
        'ssh-config default',
      ]);
    });

    it('netlab vm status and netlab vm ssh', async () => {
      vagrant.setState('running');
      const status = await run(['vm', 'status']);
      expect(status.stdout).toBe(
        [
          'The lab VM is running (libvirt).',
          `  folder: ${ROOT} (netlab's own Vagrantfile)`,
          '  next:   netlab run LAB uses it; netlab vm ssh opens a shell; netlab vm halt stops it',
          '',
        ].join('\n'),
      );
      expect(status.code).toBe(0);

      const ssh = await run([
        'vm',
        'ssh',
        '--',
        'sh',
        '-c',
        'echo "in the guest as $(id -un)"; exit 7',
      ]);
      expect(ssh.stdout).toBe('in the guest as root\n');
      expect(ssh.code).toBe(7);
    });

    it('a halted VM: netlab run exits 3 and says to run netlab vm up', async () => {
      vagrant.setState('running');
      const halt = await run(['vm', 'halt']);
      expect(halt.stdout).toBe(
        '      Halting domain...\n' +
        'ok    Halt the VM: vagrant halt (libvirt)\n' +
          'The lab VM is halted; netlab vm up starts it again.\n',
      );
      expect(halt.code).toBe(0);
      expect(vagrant.state()).toBe('shutoff');

      const lab = await run(['run', 'router-lab']);
      expect(lab.stderr).toBe(
        `netlab: the Vagrant VM is not running (vagrant status in ${ROOT}: shutoff).\n` +
          '  fix: run `netlab vm up` to start it\n',
      );
      expect(lab.code).toBe(3);

      const again = await run(['vm', 'halt']);
      expect(again.stdout).toBe('The lab VM is not running (shutoff); nothing to halt.\n');
    });

    it('a VM not created: netlab run exits 3 and says to run netlab vm up', async () => {
      vagrant.setState('running');
      const destroy = await run(['vm', 'destroy']);
      expect(destroy.stdout).toBe(
        '      Removing domain...\n' +
        'ok    Destroy the VM: vagrant destroy (libvirt)\n' +
          'The lab VM is destroyed; the box stays downloaded, so netlab vm up makes a new one ' +
          'quickly.\n',
      );
      expect(destroy.code).toBe(0);
      expect(vagrant.takeCalls().map((c) => c.split('\t')[1])).toEqual([
        'status default --machine-readable',
        'destroy --force default --machine-readable',
      ]);

      const lab = await run(['run', 'router-lab']);
      expect(lab.stderr).toBe(
        `netlab: the Vagrant VM is not created yet (vagrant status in ${ROOT}: not_created).\n` +
          '  fix: run `netlab vm up` to create it; the first time it downloads the box and ' +
          'takes a few minutes\n',
      );
      expect(lab.code).toBe(3);

      const again = await run(['vm', 'destroy']);
      expect(again.stdout).toBe('The lab VM is not created; nothing to destroy.\n');
    });

    it("vagrant up failing: exit 3, with Vagrant's words and what to do", async () => {
      vagrant.setState('not_created');
      vagrant.set(
        'up-error',
        'Vagrant::Errors::ProviderNotUsable\n' +
          "The provider 'virtualbox' that was requested to back the machine\n" +
          "'default' is reporting that it isn't usable on this system. The\n" +
          'reason is shown below:\n\n' +
          'Vagrant could not detect VirtualBox! Make sure VirtualBox is properly installed.',
      );
      const up = await run(['vm', 'up', '--provider', 'virtualbox']);
      expect(up.stderr).toBe(
        [
          `netlab: \`vagrant up default --provider virtualbox\` failed in ${ROOT} (exit 1): ` +
            'ProviderNotUsable',
          "    The provider 'virtualbox' that was requested to back the machine",
          "    'default' is reporting that it isn't usable on this system. The",
          '    reason is shown below:',
          '',
          '    Vagrant could not detect VirtualBox! Make sure VirtualBox is properly installed.',
          '  fix: install that provider, or choose one that is installed with --provider NAME ' +
            '(netlab doctor lists them)',
          '',
        ].join('\n'),
      );
      expect(up.stdout).toContain(
        `  FAIL  Start Vagrant: \`vagrant up default --provider virtualbox\` failed in ${ROOT} ` +
          '(exit 1): ProviderNotUsable\n',
      );
      expect(up.code).toBe(3);
      expect(vagrant.state()).toBe('not_created');
    });

    it('a Vagrant too old: exit 3, with where to get a newer one', async () => {
      vagrant.set('version', '2.2.19\n');
      const up = await run(['vm', 'up']);
      expect(up.stderr).toBe(
        'netlab: Vagrant 2.2.19 is too old: netlab needs 2.3.0 or later.\n' +
          '  fix: install a newer one from https://developer.hashicorp.com/vagrant/install ' +
          "(HashiCorp's apt/dnf repository), or your distribution's package " +
          '(sudo apt-get install vagrant)\n',
      );
      expect(up.code).toBe(3);
    });

    it('netlab doctor checks the guest when the VM runs', async () => {
      vagrant.setState('running');
      const doctor = await run(['doctor']);
      const lines = doctor.stdout.split('\n');
      expect(lines).toContain('ok    Vagrant     2.4.1');
      expect(lines).toContain(
        `ok    lab VM      running (libvirt), in ${ROOT} (netlab's own Vagrantfile)`,
      );
      expect(lines).toContain(`ok    guest       ${address}: ip, ping, sysctl, namespaces, IPv6`);
      expect(lines.at(-2)).toBe('Ready: netlab run router-lab runs a lab in the VM.');
      expect(doctor.code).toBe(0);
    });
  },
);
