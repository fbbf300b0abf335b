import { describe, expect, it } from 'vitest';
import { readNodeSettings } from '../../src/analysis/node-settings.js';
import { planScenario } from '../../src/plan/plan.js';
import { checkScenarioText } from '../../src/run/scenario-file.js';
import type { NodeSettings } from '../../src/analysis/node-settings.js';

function settingsOf(sysctl: string): NodeSettings {
  const { scenario } = checkScenarioText('test.yaml', [
    'name: settings',
    'nodes:',
    `  r: { sysctl: { ${sysctl} }, interfaces: {`,
    '       r0: { address: [192.0.2.1/24, "2001:db8::1/64"] },',
    '       r1: { address: 198.51.100.1/24 } } }',
    '  a: { interfaces: { a0: { address: [192.0.2.2/24, "2001:db8::2/64"] } } }',
    '  b: { interfaces: { b0: { address: 198.51.100.2/24 } } }',
    'links: [[r:r0, a:a0], [r:r1, b:b0]]',
  ].join('\n'));
  const node = scenario.nodes[0];
  if (!node) throw new Error('no node');
  return readNodeSettings(planScenario(scenario), node);
}

describe('sysctls as they stand once netlab has set a node up', () => {
  it('forwarding is off unless asked for, and says who turned it off', () => {
    const settings = settingsOf('net.ipv4.icmp_echo_ignore_all: 0');
    expect(settings.forwarding(4, 'r0')).toEqual(
      { value: 0, setBy: 'net.ipv4.ip_forward=0', fromScenario: false });
    expect(settings.forwarding(6, 'r0').value).toBe(0);
  });

  it('ip_forward reaches every interface; a later per-interface value wins there', () => {
    const settings = settingsOf('net.ipv4.ip_forward: 1, net.ipv4.conf.r1.forwarding: 0');
    expect(settings.forwarding(4, 'r0')).toEqual(
      { value: 1, setBy: 'net.ipv4.ip_forward=1', fromScenario: true });
    expect(settings.forwarding(4, 'r1')).toEqual(
      { value: 0, setBy: 'net.ipv4.conf.r1.forwarding=0', fromScenario: true });
  });

  it('IPv6 forwards by conf.all, not by the interface', () => {
    const settings = settingsOf('net.ipv6.conf.r0.forwarding: 1');
    expect(settings.forwarding(6, 'r0').value).toBe(0);
    expect(settingsOf('net.ipv6.conf.all.forwarding: 1').forwarding(6, 'r0').value).toBe(1);
  });

  it('rp_filter is the higher of all and the interface', () => {
    expect(settingsOf('net.ipv4.conf.all.rp_filter: 1').rpFilter('r1').value).toBe(1);
    expect(settingsOf('net.ipv4.conf.r1.rp_filter: 2').rpFilter('r1').value).toBe(2);
    expect(settingsOf('net.ipv4.conf.r1.rp_filter: 2').rpFilter('r0').value).toBe(0);
  });

  it('a default set before the interfaces exist reaches them; one set after does not', () => {
    expect(settingsOf('net.ipv4.conf.default.rp_filter: 1').rpFilter('r0').value).toBe(1);
    expect(settingsOf('net.ipv4.conf.default.forwarding: 1').forwarding(4, 'r0').value).toBe(0);
    expect(settingsOf('net.ipv4.conf.default.arp_ignore: 1').arpIgnore('r0').value).toBe(1);
  });

  it('initial TTL and hop limit', () => {
    expect(settingsOf('net.ipv4.ip_default_ttl: 20').initialTtl(4, 'r0')).toBe(20);
    const hop = settingsOf('net.ipv6.conf.r0.hop_limit: 70');
    expect([hop.initialTtl(6, 'r0'), hop.initialTtl(6, 'r1'), hop.initialTtl(4, 'r0')])
      .toEqual([70, 64, 64]);
  });
});
