/**
 * Settings a lab depends on, set in every namespace netlab creates so that a lab
 * behaves the same whatever the guest's distribution chose. A scenario's own
 * `sysctl` values override these.
 */

/** Set before any veth exists, so that new interfaces inherit them from `default`. */
// A new namespace copies these IPv4 settings from the guest's own (the kernel's
// devconf_inherit_init_net), so a hardened guest would change how a lab behaves.
export const BASELINE_IPV4: Readonly<Record<string, string>> = {
  // Strict reverse-path filtering drops replies on asymmetric paths; labs start without it.
  'net.ipv4.conf.all.rp_filter': '0',
  'net.ipv4.conf.default.rp_filter': '0',
  // Answer ARP for any local address on any interface, as the kernel does by default.
  'net.ipv4.conf.all.arp_ignore': '0',
  'net.ipv4.conf.default.arp_ignore': '0',
  'net.ipv4.conf.all.arp_announce': '0',
  'net.ipv4.conf.default.arp_announce': '0',
  // Packets that claim one of the node's own addresses as source are dropped.
  'net.ipv4.conf.all.accept_local': '0',
  'net.ipv4.conf.default.accept_local': '0',
};

export const BASELINE_IPV6: Readonly<Record<string, string>> = {
  // Duplicate address detection would hold new addresses back for a second or more.
  'net.ipv6.conf.all.accept_dad': '0',
  'net.ipv6.conf.default.accept_dad': '0',
};

/** Set after the routes, with the scenario's values: forwarding is off unless asked for. */
export const FORWARDING_IPV4: Readonly<Record<string, string>> = {
  'net.ipv4.ip_forward': '0',
};

export const FORWARDING_IPV6: Readonly<Record<string, string>> = {
  'net.ipv6.conf.all.forwarding': '0',
};
