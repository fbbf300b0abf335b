import { describe, expect, it } from 'vitest';
import { planScenario } from '../../src/plan/plan.js';
import { renderGuestScript, renderPlanScript } from '../../src/plan/render.js';
import { quoteCommand, quoteWord } from '../../src/plan/shell.js';
import { checkScenarioText } from '../../src/run/scenario-file.js';
import { shippedText } from '../helpers/scenarios.js';

function plan(name: string, prefix = '') {
  return planScenario(checkScenarioText(`scenarios/${name}.yaml`, shippedText(name)).scenario, { prefix });
}

describe('planning a scenario', () => {
  it('router-lab becomes the commands of the study note, in the order the kernel needs', () => {
    expect(renderPlanScript(plan('router-lab'))).toBe(`#!/bin/sh
# netlab plan for router-lab: Two segments joined by a router namespace
# from scenarios/router-lab.yaml; run as root in the guest (sudo -i), or let \`netlab run\` do it.
set -e

# Namespaces: one network namespace per node, loopback up
ip netns add ns1
ip -n ns1 link set lo up
ip netns exec ns1 sysctl -w net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 \\
    net.ipv4.conf.all.arp_ignore=0 net.ipv4.conf.default.arp_ignore=0 \\
    net.ipv4.conf.all.arp_announce=0 net.ipv4.conf.default.arp_announce=0 \\
    net.ipv4.conf.all.accept_local=0 net.ipv4.conf.default.accept_local=0
ip netns add router
ip -n router link set lo up
ip netns exec router sysctl -w net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 \\
    net.ipv4.conf.all.arp_ignore=0 net.ipv4.conf.default.arp_ignore=0 \\
    net.ipv4.conf.all.arp_announce=0 net.ipv4.conf.default.arp_announce=0 \\
    net.ipv4.conf.all.accept_local=0 net.ipv4.conf.default.accept_local=0
ip netns add ns2
ip -n ns2 link set lo up
ip netns exec ns2 sysctl -w net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 \\
    net.ipv4.conf.all.arp_ignore=0 net.ipv4.conf.default.arp_ignore=0 \\
    net.ipv4.conf.all.arp_announce=0 net.ipv4.conf.default.arp_announce=0 \\
    net.ipv4.conf.all.accept_local=0 net.ipv4.conf.default.accept_local=0

# Links: each veth pair created with its ends in their namespaces
ip -n ns1 link add ns1-veth0 type veth peer name gw-veth0 netns router
ip -n ns2 link add ns2-veth0 type veth peer name gw-veth1 netns router

# Addresses: an address puts an interface on a segment
ip -n ns1 address add 192.0.2.1/24 dev ns1-veth0
ip -n router address add 192.0.2.254/24 dev gw-veth0
ip -n router address add 198.51.100.254/24 dev gw-veth1
ip -n ns2 address add 198.51.100.1/24 dev ns2-veth0

# Links up: an interface passes traffic once it is up
ip -n ns1 link set ns1-veth0 up
ip -n router link set gw-veth0 up
ip -n router link set gw-veth1 up
ip -n ns2 link set ns2-veth0 up

# Routes: routes need their gateway on a segment that is up
ip -n ns1 route replace default via 192.0.2.254
ip -n ns2 route replace default via 198.51.100.254

# Sysctls: per-namespace kernel settings, forwarding among them
ip netns exec ns1 sysctl -w net.ipv4.ip_forward=0
ip netns exec router sysctl -w net.ipv4.ip_forward=1
ip netns exec ns2 sysctl -w net.ipv4.ip_forward=0

# Checks: each ping and what it should show
ip netns exec ns1 ping -n -c 3 -i 0.2 -w 1 -I 192.0.2.1 198.51.100.1 || true    # expect replies with ttl=63
ip netns exec ns2 ping -n -c 3 -i 0.2 -w 1 192.0.2.1 || true    # expect replies

# Teardown: deleting a namespace removes its veth ends, addresses and routes
# ip netns delete ns2
# ip netns delete router
# ip netns delete ns1
`);
  });

  it('IPv6: addresses without DAD, a wait for the links, -6 routes and IPv6 forwarding', () => {
    const v6 = plan('router-lab-v6');
    const commands = v6.steps.map((s) => quoteCommand(s.argv));
    expect(commands).toContain('ip -n ns1 address add 2001:db8:1::1/64 dev ns1-veth0 nodad');
    expect(commands).toContain('ip -n ns1 -6 route replace default via 2001:db8:1::254');
    expect(commands).toContain('ip netns exec router sysctl -w net.ipv4.ip_forward=0 ' +
      'net.ipv6.conf.all.forwarding=1');
    expect(v6.steps.find((s) => s.node === 'ns1' && s.argv.includes('sysctl'))?.argv.slice(6)).toEqual([
      'net.ipv4.conf.all.rp_filter=0', 'net.ipv4.conf.default.rp_filter=0',
      'net.ipv4.conf.all.arp_ignore=0', 'net.ipv4.conf.default.arp_ignore=0',
      'net.ipv4.conf.all.arp_announce=0', 'net.ipv4.conf.default.arp_announce=0',
      'net.ipv4.conf.all.accept_local=0', 'net.ipv4.conf.default.accept_local=0',
      'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0',
    ]);
    const settle = v6.steps.find((s) => s.settle);
    expect(settle?.settle).toEqual([
      { netns: 'ns1', iface: 'ns1-veth0' }, { netns: 'router', iface: 'gw-veth0' },
      { netns: 'router', iface: 'gw-veth1' }, { netns: 'ns2', iface: 'ns2-veth0' },
    ]);
    const phases = v6.steps.map((s) => s.phase);
    expect(phases.indexOf('routes')).toBeGreaterThan(phases.lastIndexOf('up'));
    expect(v6.steps.indexOf(settle!)).toBeLessThan(phases.indexOf('routes'));
  });

  it('the prefix goes before every namespace name and the lab name, never the interfaces', () => {
    const prefixed = plan('router-lab', 'nlt1-');
    expect(prefixed.lab).toBe('nlt1-+router-lab');
    expect(prefixed.namespaces.map((n) => n.netns)).toEqual(['nlt1-ns1', 'nlt1-router', 'nlt1-ns2']);
    expect(quoteCommand(prefixed.steps.find((s) => s.phase === 'links')!.argv)).toBe(
      'ip -n nlt1-ns1 link add ns1-veth0 type veth peer name gw-veth0 netns nlt1-router');
    expect(prefixed.checks[0]?.argv.slice(0, 4)).toEqual(['ip', 'netns', 'exec', 'nlt1-ns1']);
  });

  it('a scenario\'s sysctl overrides the defaults in place, and every key set is collected', () => {
    const { scenario } = checkScenarioText('a.yaml', [
      'name: overrides',
      'nodes:',
      '  a:',
      '    interfaces: { a0: { address: 192.0.2.1/24 } }',
      '    sysctl: { net.ipv4.conf.all.rp_filter: 2, net.ipv4.ip_forward: true, net.ipv4.tcp_syncookies: 0 }',
      '  b: { interfaces: { b0: { address: 192.0.2.2/24 } } }',
      'links: [[a:a0, b:b0]]',
      '',
    ].join('\n'));
    const p = planScenario(scenario);
    expect(p.steps.filter((s) => s.node === 'a' && s.argv.includes('sysctl')).map((s) => s.argv.slice(6)))
      .toEqual([
        ['net.ipv4.conf.all.rp_filter=2', 'net.ipv4.conf.default.rp_filter=0',
          'net.ipv4.conf.all.arp_ignore=0', 'net.ipv4.conf.default.arp_ignore=0',
          'net.ipv4.conf.all.arp_announce=0', 'net.ipv4.conf.default.arp_announce=0',
          'net.ipv4.conf.all.accept_local=0', 'net.ipv4.conf.default.accept_local=0'],
        ['net.ipv4.ip_forward=1', 'net.ipv4.tcp_syncookies=0'],
      ]);
    expect(p.namespaces[0]?.sysctlKeys.slice(0, 2)).toEqual(['net.ipv4.conf.all.rp_filter',
      'net.ipv4.conf.default.rp_filter']);
    expect(p.namespaces[0]?.sysctlKeys.slice(-2)).toEqual(['net.ipv4.ip_forward', 'net.ipv4.tcp_syncookies']);
  });

  it('checks: bounded attempts, retries only where replies are expected', () => {
    const same = plan('same-segment');
    expect(same.checks.map((c) => [quoteCommand(c.argv), c.attempts])).toEqual([
      ['ip netns exec ns1 ping -n -c 3 -i 0.2 -w 1 192.0.2.2', 3],
      ['ip netns exec ns1 ping -n -c 3 -i 0.2 -w 1 192.0.2.5', 1],
    ]);
  });

  it('the guest script runs each step through the guest library, with markers and the journal', () => {
    const script = renderGuestScript(plan('same-segment', 'nlt1-'));
    expect(script.split('\n').slice(2, 11)).toEqual([
      '. "$(dirname "$0")/netlab-guest.sh" || exit 3',
      'nl_setup "$(cd "$(dirname "$0")" && pwd)"',
      'while [ "$#" -gt 0 ]; do',
      '  case "$1" in --keep) NL_KEEP=1 ;; --run) nl_register_run "$2"; shift ;; esac',
      '  shift',
      'done',
      'nl_lock',
      'nl_preflight 0 ip ping sysctl base64 tac mktemp',
      'nl_claim nlt1-+same-segment nlt1-ns1 nlt1-ns2',
    ]);
    expect(script).toContain('\nnl_netns s1 nlt1-ns1\nnl_step s2 ip -n nlt1-ns1 link set lo up\n');
    expect(script).toContain('\nnl_check c2 1 ip netns exec nlt1-ns1 ping -n -c 3 -i 0.2 -w 1 192.0.2.5\n');
    expect(script.endsWith('nl_checks_wait\nnl_finish\n')).toBe(true);
  });
});

describe('shell quoting', () => {
  it('leaves plain words alone and quotes everything else so it stays one word', () => {
    expect(quoteWord('net.ipv4.ip_forward=1')).toBe('net.ipv4.ip_forward=1');
    expect(quoteWord('2001:db8::1/64')).toBe('2001:db8::1/64');
    expect(quoteWord('0 2147483647')).toBe("'0 2147483647'");
    expect(quoteWord("it's; rm -rf /")).toBe("'it'\\''s; rm -rf /'");
    expect(quoteWord('$(reboot)')).toBe("'$(reboot)'");
    expect(quoteWord('')).toBe("''");
  });
});

describe('scripts netlab writes', () => {
  it('a newline in the file name or the description cannot become a command', () => {
    const { scenario } = checkScenarioText('x\ntouch /tmp/PWNED\n.yaml', shippedText('same-segment'));
    scenario.description = 'harmless\ntouch /tmp/PWNED-PLAN\n# ';
    const p = planScenario(scenario);
    for (const script of [renderGuestScript(p), renderPlanScript(p)]) {
      expect(script.split('\n').filter((line) => line.includes('touch'))).toEqual(
        script.split('\n').filter((line) => line.startsWith('#') && line.includes('touch')));
    }
  });
});
