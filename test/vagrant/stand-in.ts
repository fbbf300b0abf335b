import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/** The folder holding the stand-in `vagrant`; put it first on PATH. */
export const STAND_IN_BIN = join(import.meta.dirname, '../fixtures/vagrant/bin');

/** The stand-in's VM, in a folder the test owns (see test/fixtures/vagrant/bin/vagrant). */
export interface FakeVagrant {
  dir: string;
  /** Environment for netlab: the stand-in first on PATH, and its folder. */
  env: Record<string, string>;
  setState(state: 'not_created' | 'running' | 'poweroff' | 'shutoff'): void;
  state(): string;
  set(file: 'version' | 'up-error' | 'provider', text: string | undefined): void;
  /** The calls so far, as "folder<TAB>arguments", and forgets them. */
  takeCalls(): string[];
  remove(): void;
}

/**
 * A stand-in VM whose ssh-config points at the test's sshd, with the key copied to a
 * path with spaces in it, as on Windows ("C:/Users/Jo Ann/...").
 */
export function createFakeVagrant(ssh?: {
  host: string;
  port: number;
  user: string;
  key: string;
}): FakeVagrant {
  const dir = mkdtempSync('/tmp/netlab-fake-vagrant-');
  if (ssh) {
    mkdirSync(join(dir, 'keys of Jo Ann'));
    const key = join(dir, 'keys of Jo Ann', 'private key');
    copyFileSync(ssh.key, key);
    chmodSync(key, 0o600);
    writeFileSync(join(dir, 'ssh'), `${ssh.host} ${ssh.port} ${ssh.user} ${key}\n`);
  }
  const file = (name: string) => join(dir, name);
  return {
    dir,
    env: { PATH: `${STAND_IN_BIN}:${process.env.PATH ?? ''}`, NETLAB_FAKE_VAGRANT: dir },
    setState: (state) => writeFileSync(file('state'), `${state}\n`),
    state: () => {
      try {
        return readFileSync(file('state'), 'utf8').trim();
      } catch {
        return 'not_created';
      }
    },
    set: (name, text) =>
      text === undefined ? rmSync(file(name), { force: true }) : writeFileSync(file(name), text),
    takeCalls: () => {
      let text = '';
      try {
        text = readFileSync(file('calls'), 'utf8');
      } catch {
        return [];
      }
      rmSync(file('calls'));
      return text.split('\n').filter((line) => line !== '');
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
