import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { SSHD } from './real.js';

/** A real OpenSSH server on 127.0.0.1 and a free port, with keys made for this run. */
export interface TestSshd {
  host: '127.0.0.1';
  port: number;
  dir: string;
  /** The private key the server accepts for every user the test allows. */
  clientKey: string;
  /** "[127.0.0.1]:PORT ssh-ed25519 AAAA..." as known_hosts records it. */
  knownHostsLine: string;
  hostKeyBase64: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function keygen(file: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'netlab-test', '-f', file]);
}

async function waitForBanner(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`sshd exited at start (code ${child.exitCode}): ${log()}`);
    const ready = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('SSH-'));
      });
      socket.once('error', () => resolve(false));
      socket.setTimeout(500, () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`sshd did not answer on 127.0.0.1:${port}: ${log()}`);
}

export async function startSshd(): Promise<TestSshd> {
  const dir = mkdtempSync('/tmp/netlab-sshd-');
  chmodSync(dir, 0o755);
  keygen(join(dir, 'host_ed25519'));
  keygen(join(dir, 'client_ed25519'));
  const authorized = join(dir, 'authorized_keys');
  writeFileSync(authorized, readFileSync(join(dir, 'client_ed25519.pub')));
  chmodSync(authorized, 0o644);

  const port = await freePort();
  const config = join(dir, 'sshd_config');
  writeFileSync(config, [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'host_ed25519')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${authorized}`,
    'StrictModes no',
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'Subsystem sftp internal-sftp',
    'LogLevel ERROR',
    '',
  ].join('\n'));
  // sshd insists on its privilege separation directory; an empty one is harmless.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

  let log = '';
  const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  await waitForBanner(port, child, () => log);

  const hostKeyBase64 = readFileSync(join(dir, 'host_ed25519.pub'), 'utf8').split(' ')[1] ?? '';
  return {
    host: '127.0.0.1',
    port,
    dir,
    clientKey: join(dir, 'client_ed25519'),
    knownHostsLine: `[127.0.0.1]:${port} ssh-ed25519 ${hostKeyBase64}\n`,
    hostKeyBase64,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A system user made for one test, with or without passwordless sudo; removed by the test. */
export interface TestUser {
  name: string;
  remove(): void;
}

export function createTestUser(sudo: 'nopasswd' | 'password' | 'none'): TestUser {
  const name = `nlt${randomBytes(3).toString('hex')}`;
  execFileSync('useradd', ['-M', '-d', '/nonexistent', '-s', '/bin/bash', name]);
  // '*' rather than the default '!': no password, but not a locked account sshd refuses.
  execFileSync('usermod', ['-p', '*', name]);
  const sudoers = `/etc/sudoers.d/${name}`;
  if (sudo !== 'none') {
    writeFileSync(sudoers, `${name} ALL=(ALL) ${sudo === 'nopasswd' ? 'NOPASSWD: ' : ''}ALL\n`, { mode: 0o440 });
  }
  return {
    name,
    remove() {
      rmSync(sudoers, { force: true });
      // sshd's session process for the user may still be ending; userdel refuses until then.
      for (let attempt = 1; ; attempt++) {
        try {
          execFileSync('userdel', [name], { stdio: 'pipe' });
          return;
        } catch (error) {
          if (attempt >= 50) throw error;
          execFileSync('sleep', ['0.1']);
        }
      }
    },
  };
}
