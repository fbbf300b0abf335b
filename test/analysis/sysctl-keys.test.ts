import { describe, expect, it } from 'vitest';
import { classifySysctlKey } from '../../src/analysis/sysctl-keys.js';

describe('which sysctl keys a network namespace has', () => {
  const cases: [string, ReturnType<typeof classifySysctlKey>][] = [
    ['net.ipv4.ip_forward', { kind: 'namespace' }],
    ['net.ipv6.conf.all.forwarding', { kind: 'namespace' }],
    ['net.ipv4.conf.gw-veth0.rp_filter', { kind: 'namespace' }],
    ['net.ipv4.conf.lo.arp_ignore', { kind: 'namespace' }],
    ['net.ipv6.neigh.gw-veth0.base_reachable_time_ms', { kind: 'namespace' }],
    ['net.ipv6.icmp.echo_ignore_all', { kind: 'namespace' }],
    ['net.core.somaxconn', { kind: 'namespace' }],
    ['net.unix.max_dgram_qlen', { kind: 'namespace' }],
    ['net.netfilter.nf_conntrack_tcp_loose', { kind: 'namespace' }],
    ['net.core.rmem_max', { kind: 'read-only' }],
    ['net.ipv4.conf.all.mc_forwarding', { kind: 'read-only' }],
    ['net.ipv4.conf.eth0.forwarding', { kind: 'no-interface', iface: 'eth0' }],
    ['net.ipv4.neigh.default.gc_stale_time', { kind: 'no-interface', iface: 'default' }],
    ['net.ipv4.ip_foward', { kind: 'unknown', suggestion: 'net.ipv4.ip_forward' }],
    ['net.ip4.ip_forward', { kind: 'unknown', suggestion: 'net.ipv4.ip_forward' }],
    ['net.ipv4.conf.all.forwardin',
      { kind: 'unknown', suggestion: 'net.ipv4.conf.all.forwarding' }],
    ['net.ipv4.no_such_key', { kind: 'unknown', suggestion: undefined }],
    ['net.core.netdev_max_backlog', { kind: 'unknown', suggestion: undefined }],
    ['net.netfilter.nf_log_all_netns', { kind: 'unknown' }],
  ];
  for (const [key, status] of cases) {
    it(key, () => {
      expect(classifySysctlKey(key, ['gw-veth0', 'gw-veth1'])).toEqual(status);
    });
  }
});
