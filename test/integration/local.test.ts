import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { downLab, GuestStepError, runPlan } from '../../src/run/runner.js';
import { LocalTarget } from '../../src/target/local.js';
import { namespacesWith, removeLeftovers, testPrefix } from '../helpers/netns.js';
import { describeReal } from '../helpers/real.js';
import { planOf, SHIPPED } from '../helpers/scenarios.js';

describeReal('labs on the real kernel through the local target', ['root', 'netns'], () => {
  const prefix = testPrefix();
  const target = new LocalTarget();

  afterAll(() => {
    expect(removeLeftovers(prefix), 'namespaces left behind').toEqual([]);
  });

  for (const name of SHIPPED) {
    it(`${name}: every check passes at the first attempt and nothing is left`, async () => {
      const { plan, text } = planOf(name, prefix);
      const result = await runPlan(target, plan, text, { keep: false });

      expect(result.error).toBeUndefined();
      expect(result.steps.every((s) => s.state === 'ok')).toBe(true);
      expect(result.checks.map((c) => [c.check.id, c.passed, c.reason])).toEqual(
        plan.checks.map((c) => [c.check.id, true, undefined]));
      for (const check of result.checks.filter((c) => c.check.expect === 'reachable')) {
        expect(check.attempts, `${check.check.label} needed a retry`).toBe(1);
        expect(check.lossPercent).toBe(0);
      }
      expect(result.removed.sort()).toEqual(plan.namespaces.map((n) => n.netns).sort());
      expect(namespacesWith(prefix)).toEqual([]);
    });
  }

  it('router-lab reports what the guest saw: addresses, routes and sysctls per node', async () => {
    const { plan, text } = planOf('router-lab', prefix);
    const result = await runPlan(target, plan, text, { keep: false });

    const router = result.collected.find((c) => c.node === 'router');
    const addresses = JSON.parse(router?.address ?? '[]') as { ifname: string; addr_info: { local: string }[] }[];
    expect(addresses.find((a) => a.ifname === 'gw-veth1')?.addr_info.map((i) => i.local))
      .toContain('198.51.100.254');
    expect(router?.sysctl).toContain('net.ipv4.ip_forward = 1');
    const ns1Routes = JSON.parse(result.collected.find((c) => c.node === 'ns1')?.route4 ?? '[]') as
      { dst: string; gateway?: string }[];
    expect(ns1Routes).toContainEqual(expect.objectContaining({ dst: 'default', gateway: '192.0.2.254' }));
    const ttl = result.checks.find((c) => c.check.id === 'c1')?.ttl;
    expect(ttl).toBe(63);
  });

  it('--keep leaves the lab up; down removes exactly its namespaces', async () => {
    const { plan, text } = planOf('same-segment', prefix);
    const kept = await runPlan(target, plan, text, { keep: true });
    expect(kept.kept).toBe(true);
    expect(namespacesWith(prefix).sort()).toEqual([`${prefix}ns1`, `${prefix}ns2`]);

    const down = await downLab(target, plan.lab);
    expect(down).toEqual({ wasUp: true, removed: [`${prefix}ns2`, `${prefix}ns1`], gone: [] });
    expect(namespacesWith(prefix)).toEqual([]);
    expect(await downLab(target, plan.lab)).toEqual({ wasUp: false, removed: [], gone: [] });
  });

  it('down says which namespaces were already gone, rather than claiming it removed them', async () => {
    const { plan, text } = planOf('same-segment', prefix);
    await runPlan(target, plan, text, { keep: true });
    execFileSync('ip', ['netns', 'delete', `${prefix}ns2`]);
    expect(await downLab(target, plan.lab)).toEqual(
      { wasUp: true, removed: [`${prefix}ns1`], gone: [`${prefix}ns2`] });
    expect(namespacesWith(prefix)).toEqual([]);
  });

  it('a re-run first removes its own leftovers', async () => {
    const { plan, text } = planOf('same-segment', prefix);
    await runPlan(target, plan, text, { keep: true });
    const again = await runPlan(target, plan, text, { keep: false });
    expect(again.error).toBeUndefined();
    expect(again.checks.every((c) => c.passed)).toBe(true);
    expect(namespacesWith(prefix)).toEqual([]);
  });

  it('a namespace netlab did not create is named, refused and left alone', async () => {
    const foreign = `${prefix}ns2`;
    execFileSync('ip', ['netns', 'add', foreign]);
    try {
      const { plan, text } = planOf('same-segment', prefix);
      const result = await runPlan(target, plan, text, { keep: false });
      expect(result.error?.message).toBe(
        'the lab\'s namespace names are taken on local:\n' +
        `  - ${foreign} exists and netlab did not create it; netlab will not touch it. ` +
        `Remove it yourself (ip netns delete ${foreign}) or rename the node`);
      expect(result.error?.exitCode).toBe(3);
      expect(namespacesWith(prefix)).toEqual([foreign]);
    } finally {
      execFileSync('ip', ['netns', 'delete', foreign]);
    }
  });

  it('a namespace of another lab that is up is named with that lab', async () => {
    const other = planOf('same-segment', prefix);
    await runPlan(target, other.plan, other.text, { keep: true });
    try {
      const { plan, text } = planOf('router-lab', prefix);
      const result = await runPlan(target, plan, text, { keep: false });
      expect(result.error?.message).toContain(
        `${prefix}ns1 belongs to lab ${prefix}+same-segment, which is up; take it down first ` +
        '(netlab down same-segment) or rename the node');
      expect(namespacesWith(prefix).sort()).toEqual([`${prefix}ns1`, `${prefix}ns2`]);
    } finally {
      await downLab(target, other.plan.lab);
    }
  });

  it('a failed step shows the command and the kernel\'s words, and removes what was made', async () => {
    const { plan, text } = planOf([
      'name: broken-sysctl',
      'nodes:',
      '  a: { interfaces: { a0: { address: 192.0.2.1/24 } }, sysctl: { net.ipv4.ip_local_port_range: 60000 1000 } }',
      '  b: { interfaces: { b0: { address: 192.0.2.2/24 } } }',
      'links: [[a:a0, b:b0]]',
      '',
    ].join('\n'), prefix);
    const result = await runPlan(target, plan, text, { keep: false });

    expect(result.error).toBeInstanceOf(GuestStepError);
    const failed = result.steps.find((s) => s.state === 'failed');
    expect(failed?.step.argv).toEqual(['ip', 'netns', 'exec', `${prefix}a`, 'sysctl', '-w',
      'net.ipv4.ip_forward=0', 'net.ipv4.ip_local_port_range=60000 1000']);
    expect(result.error?.message).toBe([
      'step failed: a: net.ipv4.ip_forward=0 net.ipv4.ip_local_port_range=60000 1000',
      `  command: ip netns exec ${prefix}a sysctl -w net.ipv4.ip_forward=0 'net.ipv4.ip_local_port_range=60000 1000'`,
      '  kernel:  net.ipv4.ip_forward = 0',
      '           sysctl: setting key "net.ipv4.ip_local_port_range": Invalid argument',
      '  meaning: the kernel refuses this value for the setting: check the values it takes ' +
        '(the kernel\'s ip-sysctl documentation lists them).',
      '  everything the run had created was removed',
    ].join('\n'));
    expect(result.checks).toEqual([]);
    expect(namespacesWith(prefix)).toEqual([]);
  });

  it('a check that fails says why, and the lab is still torn down', async () => {
    const { plan, text } = planOf([
      'name: wrong-ttl',
      'nodes:',
      '  a: { interfaces: { a0: { address: 192.0.2.1/24 } } }',
      '  b: { interfaces: { b0: { address: 192.0.2.2/24 } } }',
      'links: [[a:a0, b:b0]]',
      'checks:',
      '  - { ping: { from: a, to: 192.0.2.2 }, ttl: 63 }',
      '  - { ping: { from: a, to: 203.0.113.9 } }',
      '',
    ].join('\n'), prefix);
    const result = await runPlan(target, plan, text, { keep: false });

    expect(result.error).toBeUndefined();
    expect(result.checks.map((c) => c.reason)).toEqual([
      'reply TTL 64, expected 63 (0 routers on the way, not 1 router)',
      'no reply: connect: Network is unreachable',
    ]);
    expect(namespacesWith(prefix)).toEqual([]);
  });

  it('prefix a- with lab b-c and prefix a-b- with lab c are different labs', async () => {
    const lab = (name: string) => [
      `name: ${name}`,
      'nodes:',
      '  h1: { interfaces: { h1e: { address: 192.0.2.1/24 } } }',
      '  h2: { interfaces: { h2e: { address: 192.0.2.2/24 } } }',
      'links: [[h1:h1e, h2:h2e]]',
      '',
    ].join('\n');
    const first = planOf(lab('p-demo'), prefix);
    const second = planOf(lab('demo'), `${prefix}p-`);
    await runPlan(target, first.plan, first.text, { keep: true });
    try {
      const result = await runPlan(target, second.plan, second.text, { keep: false });
      expect(result.error).toBeUndefined();
      expect(result.leftovers).toEqual([]);
      expect(namespacesWith(prefix).sort()).toEqual([`${prefix}h1`, `${prefix}h2`]);
    } finally {
      await downLab(target, first.plan.lab);
    }
  });

  it('down stops only the very process of a run, never one that has its PID now', async () => {
    const { plan, text } = planOf('same-segment', prefix);
    await runPlan(target, plan, text, { keep: true });
    const bystander = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      // The lab's meta as a run that is still building would leave it, but naming our
      // own process: same PID, a different start time.
      const meta = `/run/netlab/${plan.lab}/meta`;
      writeFileSync(meta, readFileSync(meta, 'utf8').replace(/^state=.*$/m, 'state=applying')
        .replace(/^pid=.*$/m, `pid=${bystander.pid}`).replace(/^pidstart=.*$/m, 'pidstart=1'));
      expect(await downLab(target, plan.lab)).toMatchObject({ wasUp: true });
      expect(bystander.exitCode).toBeNull();
      expect(() => process.kill(bystander.pid!, 0)).not.toThrow();
    } finally {
      bystander.kill('SIGTERM');
    }
    expect(namespacesWith(prefix)).toEqual([]);
  });

  it('Ctrl-C while the run waits for another run\'s lock: it stops, and builds nothing', async () => {
    // Our own process holds netlab's guest lock, as another run would.
    const holder = spawn('flock', ['/run/netlab', 'sleep', '20'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const { plan, text } = planOf('same-segment', prefix);
      const abort = new AbortController();
      const result = await runPlan(target, plan, text, {
        keep: true,
        signal: abort.signal,
        onEvent: (event) => {
          if (event.kind === 'waiting') abort.abort();
        },
      });
      expect(result.interrupted).toBe(true);
      expect(result.kept).toBe(false);
      expect(result.steps.every((s) => s.state === 'not-run')).toBe(true);
    } finally {
      holder.kill('SIGTERM');
    }
    expect(namespacesWith(prefix)).toEqual([]);
  });

  it('Ctrl-C during a run stops it and removes what it made', async () => {
    const { plan, text } = planOf('router-lab', prefix);
    const abort = new AbortController();
    const result = await runPlan(target, plan, text, {
      keep: false,
      signal: abort.signal,
      onEvent: (event) => {
        if (event.kind === 'step' && event.id === 's5' && event.state === 'ok') abort.abort();
      },
    });
    expect(result.interrupted).toBe(true);
    expect(result.steps.filter((s) => s.state === 'ok').length).toBeGreaterThanOrEqual(5);
    expect(namespacesWith(prefix)).toEqual([]);
  });
});
