import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findVagrantProject, PACKAGE_ROOT } from '../../src/vagrant/project.js';

const scratch = mkdtempSync('/tmp/netlab-project-test-');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the folder Vagrant runs in', () => {
  it('is the current folder when it has a Vagrantfile', () => {
    const mine = join(scratch, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'Vagrantfile'), 'Vagrant.configure("2") {}\n');
    expect(findVagrantProject(mine, {})).toEqual({
      dir: mine,
      source: 'here',
      env: { VAGRANT_CWD: mine },
    });
  });

  it("is netlab's own folder otherwise, which ships the Vagrantfile", () => {
    const root = resolve(PACKAGE_ROOT);
    expect(findVagrantProject(scratch, {})).toEqual({
      dir: root,
      source: 'netlab',
      env: { VAGRANT_CWD: root },
    });
    expect(findVagrantProject(root, {}).source).toBe('here');
  });

  it("keeps the VM's state out of an installed copy (npx), unless told where", () => {
    const installed = join(scratch, 'cache', 'node_modules', 'netlab');
    mkdirSync(installed, { recursive: true });
    expect(findVagrantProject(scratch, {}, installed)).toEqual({
      dir: installed,
      source: 'netlab',
      env: { VAGRANT_CWD: installed, VAGRANT_DOTFILE_PATH: join(homedir(), '.netlab', 'vagrant') },
    });
    expect(
      findVagrantProject(scratch, { VAGRANT_DOTFILE_PATH: '/elsewhere' }, installed).env,
    ).toEqual({ VAGRANT_CWD: installed });
    expect(findVagrantProject(installed, {}, installed).env).toEqual({ VAGRANT_CWD: installed });
  });
});
