import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { EnvironmentError } from '../../src/errors.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runPlan } from '../../src/run/runner.js';
import { SshTarget } from '../../src/target/ssh.js';
import type { SshOptions } from '../../src/target/ssh.js';
import { namespacesWith, removeLeftovers, testPrefix } from '../helpers/netns.js';
import { describeReal } from '../helpers/real.js';
import { planOf } from '../helpers/scenarios.js';
import { createTestUser, startSshd } from '../helpers/sshd.js';
import type { TestSshd, TestUser } from '../helpers/sshd.js';

describeReal('labs through a real OpenSSH server on 127.0.0.1', ['root', 'netns', 'sshd', 'sudo'], () => {
  const prefix = testPrefix();
  let sshd: TestSshd;
  let scratch: string;
  let knownHosts: string;

  beforeAll(async () => {
    sshd = await startSshd();
    scratch = mkdtempSync('/tmp/netlab-ssh-test-');
    knownHosts = join(scratch, 'known_hosts');
  });

  afterAll(async () => {
    await sshd?.stop();
    rmSync(scratch, { recursive: true, force: true });
    expect(removeLeftovers(prefix), 'namespaces left behind').toEqual([]);
  });

  function target(overrides: Partial<SshOptions> = {}): SshTarget {
    return new SshTarget({
      host: sshd.host,
      port: sshd.port,
      username: 'root',
      identityFiles: [sshd.clientKey],
      hostKeys: { kind: 'known-hosts', file: knownHosts, acceptNew: false },
      ...overrides,
    });
  }

  it('an unknown host is refused with its fingerprint, and nothing is recorded', async () => {
    rmSync(knownHosts, { force: true });
    // OpenSSH's own fingerprint of the host key, to compare netlab's against.
    const print = execFileSync('ssh-keygen', ['-lf', join(sshd.dir, 'host_ed25519.pub')], { encoding: 'utf8' })
      .split(' ')[1];
    await expect(target().connect()).rejects.toThrow(
      `the authenticity of host [127.0.0.1]:${sshd.port} can't be established: it is not in ${knownHosts}.\n` +
      `  Its ssh-ed25519 key fingerprint is ${print}.\n` +
      '  fix: if that is the host you mean, re-run with --accept-new-host-key to trust it ' +
      `and record it in ${knownHosts}`);
    expect(() => readFileSync(knownHosts)).toThrow();
  });

  it('--accept-new-host-key records the key the way OpenSSH writes it', async () => {
    rmSync(knownHosts, { force: true });
    const ssh = target({ hostKeys: { kind: 'known-hosts', file: knownHosts, acceptNew: true } });
    await ssh.connect();
    await ssh.close();
    expect(readFileSync(knownHosts, 'utf8')).toBe(sshd.knownHostsLine);
  });

  it('a changed host key is refused, even with --accept-new-host-key', async () => {
    const other = 'AAAAC3NzaC1lZDI1NTE5AAAAIPpjVNkgBhbsNsBmQ8aWEa2Lzoq5cCEvtVw0v1xaaaaa';
    writeFileSync(knownHosts, `[127.0.0.1]:${sshd.port} ssh-ed25519 ${other}\n`);
    const ssh = target({ hostKeys: { kind: 'known-hosts', file: knownHosts, acceptNew: true } });
    await expect(ssh.connect()).rejects.toThrow(
      `the host key of [127.0.0.1]:${sshd.port} has CHANGED since ${knownHosts}:1 recorded it`);
    writeFileSync(knownHosts, sshd.knownHostsLine);
  });

  it('a key the server does not accept is named in the message', async () => {
    writeFileSync(knownHosts, sshd.knownHostsLine);
    const wrong = join(scratch, 'wrong_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', wrong]);
    await expect(target({ identityFiles: [wrong] }).connect()).rejects.toThrow(
      `127.0.0.1:${sshd.port} refused every key offered for user root; tried:\n    ${wrong}\n`);
  });

  it('without --identity: the SSH agent, else ~/.ssh/id_ed25519, as OpenSSH would', async () => {
    writeFileSync(knownHosts, sshd.knownHostsLine);
    const saved = { HOME: process.env.HOME, SSH_AUTH_SOCK: process.env.SSH_AUTH_SOCK };
    const home = join(scratch, 'home');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    const socket = join(scratch, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      process.env.HOME = home;
      delete process.env.SSH_AUTH_SOCK;
      await expect(target({ identityFiles: undefined }).connect()).rejects.toThrow(
        'no SSH key to offer: no --identity, no SSH agent (SSH_AUTH_SOCK is unset), and none of ' +
        '~/.ssh/id_ed25519, ~/.ssh/id_ecdsa, ~/.ssh/id_rsa exists.');

      copyFileSync(sshd.clientKey, join(home, '.ssh', 'id_ed25519'));
      const byFile = target({ identityFiles: undefined });
      await byFile.connect();
      await byFile.close();
      rmSync(join(home, '.ssh', 'id_ed25519'));

      for (let i = 0; i < 50 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 50));
      execFileSync('ssh-add', ['-q', sshd.clientKey], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
      process.env.SSH_AUTH_SOCK = socket;
      const byAgent = target({ identityFiles: undefined });
      await byAgent.connect();
      await byAgent.close();
    } finally {
      process.env.HOME = saved.HOME;
      if (saved.SSH_AUTH_SOCK === undefined) delete process.env.SSH_AUTH_SOCK;
      else process.env.SSH_AUTH_SOCK = saved.SSH_AUTH_SOCK;
      agent.kill('SIGTERM');
    }
  });

  it('a peer that is not an SSH server is an environment error, and nothing crashes', async () => {
    const server = createServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const error = await target({ port }).connect().then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(EnvironmentError);
      expect((error as Error).message).toMatch(new RegExp(`^SSH to 127\\.0\\.0\\.1:${port} failed: `));
      // A second error from the same connection must not escape as an unhandled event.
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      server.close();
    }
  });

  it('router-lab is applied, checked and torn down over one connection as root', async () => {
    writeFileSync(knownHosts, sshd.knownHostsLine);
    const ssh = target();
    await ssh.connect();
    try {
      const { plan, text } = planOf('router-lab', prefix);
      const result = await runPlan(ssh, plan, text, { keep: false });
      expect(result.error).toBeUndefined();
      expect(result.checks.map((c) => c.passed)).toEqual([true, true]);
      expect(result.checks[0]?.ttl).toBe(63);
      expect(namespacesWith(prefix)).toEqual([]);
    } finally {
      await ssh.close();
    }
  });

  it('as a user with passwordless sudo, the lab runs through sudo', async () => {
    writeFileSync(knownHosts, sshd.knownHostsLine);
    const user: TestUser = createTestUser('nopasswd');
    try {
      const ssh = target({ username: user.name });
      await ssh.connect();
      try {
        const { plan, text } = planOf('router-lab-v6', prefix);
        const result = await runPlan(ssh, plan, text, { keep: false });
        expect(result.error).toBeUndefined();
        expect(result.checks.map((c) => c.passed)).toEqual([true, true]);
      } finally {
        await ssh.close();
      }
    } finally {
      user.remove();
    }
    expect(namespacesWith(prefix)).toEqual([]);
  });

  it('when sudo wants a password, the message says how to allow it', async () => {
    writeFileSync(knownHosts, sshd.knownHostsLine);
    const user = createTestUser('password');
    try {
      const ssh = target({ username: user.name });
      await ssh.connect();
      try {
        const { plan, text } = planOf('same-segment', prefix);
        const result = await runPlan(ssh, plan, text, { keep: false });
        expect(result.error?.message).toBe(
          `sudo on 127.0.0.1 asks ${user.name} for a password, and netlab runs without a terminal.\n` +
          `  fix: allow ${user.name} to run sudo without a password, for instance with the line\n` +
          `       "${user.name} ALL=(ALL) NOPASSWD: ALL" in /etc/sudoers.d/netlab (edit with visudo),\n` +
          '       or connect as root');
        expect(result.error?.exitCode).toBe(3);
      } finally {
        await ssh.close();
      }
    } finally {
      user.remove();
    }
    expect(namespacesWith(prefix)).toEqual([]);
  });
});
