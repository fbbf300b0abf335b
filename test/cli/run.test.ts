import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { spawn } from 'node:child_process';
import { NETLAB_BIN, netlab } from '../helpers/cli.js';
import { namespacesWith, removeLeftovers, testPrefix } from '../helpers/netns.js';
import { describeReal } from '../helpers/real.js';
import { startSshd } from '../helpers/sshd.js';
import type { TestSshd } from '../helpers/sshd.js';

let work: string;
beforeAll(() => {
  work = mkdtempSync('/tmp/netlab-cli-test-');
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('netlab on the command line, without a guest', () => {
  it('plan prints the commands; list shows the shipped scenarios', async () => {
    const plan = await netlab(['plan', 'same-segment'], { cwd: work });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('\nip -n ns1 link add ns1-veth0 type veth peer name ns2-veth0 netns ns2\n');

    const list = await netlab(['list'], { cwd: work });
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n').slice(2).map((l) => l.split(/\s+/)[0])).toEqual(
      ['router-lab-v6', 'router-lab', 'same-segment', '']);
  });

  it('a broken scenario exits 2 and names the file, line and field, before any guest is touched', async () => {
    const file = join(work, 'broken-lab.yaml');
    writeFileSync(file, [
      'name: broken-lab',
      'nodes:',
      '  ns1:',
      '    interfaces: { ns1-veth0: { address: 192.0.2.1/24 } }',
      '    routes:',
      '      - { to: default, via: 198.51.100.254 }',
      '  ns2:',
      '    interfaces: { ns2-veth0: { address: 192.0.2.2/24 } }',
      'links: [[ns1:ns1-veth0, ns2:ns2-veth0]]',
      '',
    ].join('\n'));
    const result = await netlab(['run', file, '--target', 'ssh://nobody@203.0.113.1:1'], { cwd: work });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe([
      'netlab: broken-lab.yaml: 1 error',
      'broken-lab.yaml:6:29: error: nodes.ns1.routes[0].via: gateway 198.51.100.254 is on none of ' +
        'ns1\'s segments (192.0.2.0/24); the kernel would refuse the route with "Nexthop has invalid gateway"',
      '  fix: use the address of a neighbour on 192.0.2.0/24, or give ns1 an address in ' +
        '198.51.100.254\'s segment',
      '',
    ].join('\n'));
  });

  it('bad arguments exit 2 and say what is expected', async () => {
    const target = await netlab(['run', 'router-lab', '--target', 'telnet://x'], { cwd: work });
    expect(target.code).toBe(2);
    expect(target.stderr).toBe(
      'netlab: --target telnet://x: expected local, vagrant, or ssh://USER@HOST[:PORT]\n');
    const unknown = await netlab(['run', 'no-such-lab', '-t', 'local'], { cwd: work });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('netlab: no scenario named no-such-lab\n' +
      '  known: router-lab-v6, router-lab, same-segment; a path to a .yaml file works too\n');
    const option = await netlab(['run', 'router-lab', '--kep'], { cwd: work });
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("error: unknown option '--kep'");
  });

  it('an SSH host that does not answer exits 3 and says so', async () => {
    const result = await netlab(['run', 'router-lab', '--target', 'ssh://root@127.0.0.1:1',
      '--identity', '/dev/null'], { cwd: work });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('netlab: no usable SSH key:\n  /dev/null is not a private key');
  });
});

describeReal('netlab run on the real kernel, as a user runs it', ['root', 'netns', 'sshd'], () => {
  const prefix = testPrefix();
  const env = { NETLAB_NS_PREFIX: prefix };
  let sshd: TestSshd;

  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
    expect(removeLeftovers(prefix), 'namespaces left behind').toEqual([]);
  });

  it('run router-lab --target local passes every check, exits 0 and writes the report', async () => {
    const result = await netlab(['run', 'router-lab', '--target', 'local'], { cwd: work, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('pass    ns1 reaches ns2 through the router  reachable, ttl 63  reachable  0%');
    expect(result.stdout).toContain('router-lab on local: 2 of 2 checks passed in');
    expect(namespacesWith(prefix)).toEqual([]);

    const runs = readdirSync(join(work, '.netlab', 'runs')).filter((d) => d.startsWith(`${prefix}+router-lab-`));
    expect(runs).toHaveLength(1);
    const report = JSON.parse(readFileSync(join(work, '.netlab', 'runs', runs[0]!, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ outcome: 'passed', target: 'local', scenario: { name: 'router-lab' } });
    expect(report.collected.router).toEqual({
      address: 'nodes/router/address.json', route4: 'nodes/router/route4.json', route6: 'nodes/router/route6.json',
      sysctl: 'nodes/router/sysctl.json',
    });
    const sysctl = JSON.parse(readFileSync(join(work, '.netlab', 'runs', runs[0]!, 'nodes', 'router', 'sysctl.json'), 'utf8'));
    expect(sysctl['net.ipv4.ip_forward']).toBe('1');
  });

  it('the same over ssh:// to a local sshd passes and leaves nothing behind', async () => {
    const knownHosts = join(work, 'known_hosts');
    const args = ['run', 'router-lab', '--target', `ssh://root@127.0.0.1:${sshd.port}`,
      '--identity', sshd.clientKey, '--known-hosts', knownHosts];
    const refused = await netlab(args, { cwd: work, env });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`can't be established: it is not in ${knownHosts}`);

    const result = await netlab([...args, '--accept-new-host-key'], { cwd: work, env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`router-lab on ssh://root@127.0.0.1:${sshd.port}: 2 of 2 checks passed`);
    expect(readFileSync(knownHosts, 'utf8')).toBe(sshd.knownHostsLine);
    expect(namespacesWith(prefix)).toEqual([]);
  });

  it('a check expected reachable that is not exits 1 and names the check', async () => {
    const file = join(work, 'no-forwarding.yaml');
    writeFileSync(file, readFileSync(join(import.meta.dirname, '../../scenarios/router-lab.yaml'), 'utf8')
      .replace('net.ipv4.ip_forward: 1', 'net.ipv4.ip_forward: 0'));
    const result = await netlab(['run', file, '--target', 'local'], { cwd: work, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ns1 reaches ns2 through the router: no reply (100% loss)\n' +
      `  command: ip netns exec ${prefix}ns1 ping -n -c 3 -i 0.2 -w 1 -I 192.0.2.1 198.51.100.1\n`);
    expect(result.stdout).toContain('FAIL    ns1 reaches ns2 through the router');
    expect(result.stdout).toContain('router-lab on local: 0 of 2 checks passed');
    expect(namespacesWith(prefix)).toEqual([]);
  });

  it('Ctrl-C during a run stops it, removes what it made and exits 130', async () => {
    const child = spawn(process.execPath, [NETLAB_BIN, 'run', 'router-lab-v6', '-t', 'local'],
      { cwd: work, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('\nAddresses\n')) resolve();
      });
    });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('interrupted: stopping the run and removing what it made');
    expect(namespacesWith(prefix)).toEqual([]);
  });

  it('a host that dies mid-run (kill -9) still leaves nothing: the guest side finishes alone', async () => {
    writeFileSync(join(work, 'known_hosts'), sshd.knownHostsLine);
    for (const target of [['-t', 'local'], ['--target', `ssh://root@127.0.0.1:${sshd.port}`,
      '--identity', sshd.clientKey, '--known-hosts', join(work, 'known_hosts')]]) {
      const child = spawn(process.execPath, [NETLAB_BIN, 'run', 'router-lab-v6', ...target],
        { cwd: work, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await new Promise<void>((resolve) => {
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes('\nAddresses\n')) resolve();
        });
      });
      child.kill('SIGKILL');
      await exited;
      for (let i = 0; i < 100 && namespacesWith(prefix).length > 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(namespacesWith(prefix), target.join(' ')).toEqual([]);
    }
  });

  it('--keep leaves the lab up and down removes it', async () => {
    const up = await netlab(['run', 'same-segment', '-t', 'local', '--keep'], { cwd: work, env });
    expect(up.code).toBe(0);
    expect(up.stdout).toContain(
      `the lab is still up (--keep); netlab down same-segment --target local --ns-prefix ${prefix} removes it`);
    expect(namespacesWith(prefix).sort()).toEqual([`${prefix}ns1`, `${prefix}ns2`]);
    const down = await netlab(['down', 'same-segment', '-t', 'local'], { cwd: work, env });
    expect(down).toEqual({ code: 0, stderr: '',
      stdout: `${prefix}+same-segment is down on local: removed ${prefix}ns2, ${prefix}ns1\n` });
    expect(namespacesWith(prefix)).toEqual([]);
  });
});
