import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'junit2json';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { netlab } from '../helpers/cli.js';
import { namespacesWith, removeLeftovers, testPrefix } from '../helpers/netns.js';
import { describeReal } from '../helpers/real.js';
import { startSshd } from '../helpers/sshd.js';
import type { TestSshd } from '../helpers/sshd.js';

describeReal('run --all, status, exec and down, as a user runs them', ['root', 'netns', 'sshd'], () => {
  const prefix = testPrefix();
  const env = { NETLAB_NS_PREFIX: prefix };
  let work: string;
  let sshd: TestSshd;
  let ssh: string[];

  beforeAll(async () => {
    work = mkdtempSync('/tmp/netlab-suite-test-');
    sshd = await startSshd();
    writeFileSync(join(work, 'known_hosts'), sshd.knownHostsLine);
    ssh = ['--target', `ssh://root@127.0.0.1:${sshd.port}`, '--identity', sshd.clientKey,
      '--known-hosts', join(work, 'known_hosts')];
  });
  afterAll(async () => {
    await sshd?.stop();
    rmSync(work, { recursive: true, force: true });
    expect(removeLeftovers(prefix), 'namespaces left behind').toEqual([]);
  });

  it('run --all --reporter junit,json writes a JUnit file with the right counts and a JSON report', async () => {
    const result = await netlab(['run', '--all', '-t', 'local', '--reporter', 'junit,json',
      '--report-dir', 'out'], { cwd: work, env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('3 of 3 scenarios passed in');
    expect(result.stdout).toContain('reports: out/netlab-report.json, out/junit.xml');
    expect(result.stdout).not.toContain('result  check');

    const junit = await parse(readFileSync(join(work, 'out', 'junit.xml'), 'utf8')) as
      { tests?: number; failures?: number; errors?: number; testsuite?: { name?: string; tests?: number }[] };
    expect([junit.tests, junit.failures, junit.errors]).toEqual([6, 0, 0]);
    expect(junit.testsuite?.map((s) => [s.name, s.tests])).toEqual([
      ['router-lab-v6', 2], ['router-lab', 2], ['same-segment', 2],
    ]);
    const report = JSON.parse(readFileSync(join(work, 'out', 'netlab-report.json'), 'utf8'));
    expect(report.exitCode).toBe(0);
    expect(report.scenarios.map((s: { outcome: string }) => s.outcome)).toEqual(['passed', 'passed', 'passed']);
    for (const scenario of report.scenarios) {
      const folder = join(work, scenario.runFolder);
      expect(readdirSync(folder)).toContain('report.json');
      expect(JSON.parse(readFileSync(join(folder, scenario.collected.ns1.route4), 'utf8'))).toBeInstanceOf(Array);
    }
    expect(namespacesWith(prefix)).toEqual([]);
  });

  it('several labs, one failing: the rest still run, and the exit code is the worst', async () => {
    const broken = join(work, 'no-forwarding.yaml');
    writeFileSync(broken, readFileSync(join(import.meta.dirname, '../../scenarios/router-lab.yaml'), 'utf8')
      .replace('name: router-lab', 'name: no-forwarding').replace('net.ipv4.ip_forward: 1', 'net.ipv4.ip_forward: 0'));
    const result = await netlab(['run', broken, 'same-segment', '-t', 'local'], { cwd: work, env });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('no-forwarding on local: 0 of 2 checks passed');
    expect(result.stdout).toContain('same-segment on local: 2 of 2 checks passed');
    expect(result.stdout).toContain('1 of 2 scenarios passed');

    const bail = await netlab(['run', broken, 'same-segment', '-t', 'local', '--bail'], { cwd: work, env });
    expect(bail.code).toBe(1);
    expect(bail.stdout).toContain('same-segment: not run: --bail after a failure');
    expect(namespacesWith(prefix)).toEqual([]);
  });

  it('GITHUB_ACTIONS: a failed check becomes an annotation on the scenario\'s line', async () => {
    const broken = join(work, 'no-forwarding.yaml');
    const result = await netlab(['run', broken, '-t', 'local'], { cwd: work, env: { ...env, GITHUB_ACTIONS: 'true' } });
    expect(result.code).toBe(1);
    const line = readFileSync(broken, 'utf8').split('\n').indexOf('  - name: ns1 reaches ns2 through the router') + 1;
    expect(result.stdout).toContain(`::error file=no-forwarding.yaml,line=${line},col=5,` +
      'title=netlab check failed%3A ns1 reaches ns2 through the router::no reply (100%25 loss)');
  });

  for (const via of ['local', 'ssh'] as const) {
    it(`a lab left up: status lists it, exec runs in its node, down removes it (${via})`, async () => {
      const target = via === 'local' ? ['-t', 'local'] : ssh;
      const up = await netlab(['run', 'router-lab', '--keep', ...target], { cwd: work, env });
      expect(up.code).toBe(0);

      const status = await netlab(['status', '--json', ...target], { cwd: work, env });
      expect(status.code).toBe(0);
      const labs = JSON.parse(status.stdout).labs as { lab: string; state: string; namespaces: string[] }[];
      expect(labs.find((l) => l.lab === `${prefix}+router-lab`)).toMatchObject({
        state: 'up', namespaces: [`${prefix}ns1`, `${prefix}router`, `${prefix}ns2`],
      });

      const ping = await netlab(['exec', 'router-lab', 'ns1', ...target, '--', 'ping', '-n', '-c', '1',
        '198.51.100.1'], { cwd: work, env });
      expect(ping.code).toBe(0);
      expect(ping.stdout).toMatch(/64 bytes from 198\.51\.100\.1: icmp_seq=1 ttl=63/);
      const code = await netlab(['exec', 'router-lab', 'router', ...target, '--', 'sh', '-c',
        'sysctl -n net.ipv4.ip_forward; exit 7'], { cwd: work, env });
      expect([code.code, code.stdout]).toEqual([7, '1\n']);
      const wrong = await netlab(['exec', 'router-lab', 'ns9', ...target, '--', 'true'], { cwd: work, env });
      expect([wrong.code, wrong.stderr]).toEqual([2,
        'netlab: router-lab has no node ns9; its nodes are ns1, router, ns2\n']);

      const down = await netlab(['down', 'router-lab', ...target], { cwd: work, env });
      expect(down.code).toBe(0);
      expect(namespacesWith(prefix)).toEqual([]);
      const after = await netlab(['exec', 'router-lab', 'ns1', ...target, '--', 'true'], { cwd: work, env });
      expect(after.code).toBe(3);
      expect(after.stderr).toContain('netlab: router-lab is not up in');
    });
  }
});
