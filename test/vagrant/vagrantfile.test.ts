import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/vagrant/project.js';

function hasVagrant(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v vagrant'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// The real Vagrant, when this machine has one, checks netlab's Vagrantfile without any
// provider or VM: `vagrant validate --ignore-provider` in a copy, with its own VAGRANT_HOME.
describe.skipIf(!hasVagrant())(
  'the Vagrantfile, as the real Vagrant reads it (needs vagrant)',
  () => {
    let project: string;
    beforeAll(() => {
      project = mkdtempSync('/tmp/netlab-vagrantfile-test-');
      cpSync(join(PACKAGE_ROOT, 'Vagrantfile'), join(project, 'Vagrantfile'));
      cpSync(join(PACKAGE_ROOT, 'provision'), join(project, 'provision'), { recursive: true });
    });
    afterAll(() => rmSync(project, { recursive: true, force: true }));

    function validate(env: Record<string, string> = {}) {
      const result = spawnSync('vagrant', ['validate', '--ignore-provider'], {
        cwd: project,
        encoding: 'utf8',
        timeout: 120_000,
        env: {
          ...process.env,
          VAGRANT_HOME: join(project, 'vagrant.d'),
          VAGRANT_CHECKPOINT_DISABLE: '1',
          VAGRANT_CWD: project,
          ...env,
        },
      });
      return { code: result.status, out: `${result.stdout}${result.stderr}` };
    }

    it('is valid as it ships, and with every override', () => {
      expect(validate()).toMatchObject({ code: 0 });
      const overridden = validate({
        NETLAB_VM_BOX: 'me/noble',
        NETLAB_VM_BOX_VERSION: '1.0.0',
        NETLAB_VM_CPUS: '4',
        NETLAB_VM_MEMORY: '4096',
      });
      expect(overridden).toMatchObject({ code: 0 });
    });

    it('names the variable when an override is not a number', () => {
      const result = validate({ NETLAB_VM_MEMORY: '2G' });
      expect(result.code).toBe(1);
      expect(result.out).toContain(
        'NETLAB_VM_MEMORY="2G" is not a whole number from 512 to 65536; unset it or give e.g. ' +
          'NETLAB_VM_MEMORY=2048',
      );
    });
  },
);
