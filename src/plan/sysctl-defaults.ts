/**
 * Settings a lab depends on, set in every namespace netlab creates so that a lab
 * behaves the same whatever the guest's distribution chose. A scenario's own
 * `sysctl` values override these.
 */

/** Set before any veth exists, so that new interfaces inherit them from `default`. */
export const BASELINE_IPV4: Readonly<Record<string, string>> = {
  // Strict reverse-path filtering drops replies on asymmetric paths; labs start without it.
  'net.ipv4.conf.all.rp_filter': '0',
  'net.ipv4.conf.default.rp_filter': '0',
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
