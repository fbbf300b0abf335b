import { BASELINE_IPV4, BASELINE_IPV6 } from '../plan/sysctl-defaults.js';
import type { Diagnostic } from '../scenario/diagnostics.js';
import type { Node, Scenario } from '../scenario/model.js';
import { closest } from '../scenario/suggest.js';
import { classifySysctlKey } from './sysctl-keys.js';

// A sysctl outside net.* is not per namespace: `ip netns exec X sysctl -w` would change
// the whole guest, which a lab must never do.
export function checkSysctlScope(scenario: Scenario): Diagnostic[] {
  return scenario.nodes.flatMap((node) => Object.keys(node.sysctl)
    .filter((key) => !key.startsWith('net.'))
    .map((key): Diagnostic => ({
      severity: 'error', path: [...node.path, 'sysctl', key], at: 'key',
      message: `${key} is not a network namespace setting; it would change the whole guest`,
      fix: 'a node sets only net.* keys, such as net.ipv4.ip_forward',
    })));
}

export function checkSysctlKeys(scenario: Scenario): Diagnostic[] {
  return scenario.nodes.flatMap((node) => Object.keys(node.sysctl)
    .filter((key) => key.startsWith('net.'))
    .flatMap((key) => sysctlKeyProblem(node, key)));
}

function sysctlKeyProblem(node: Node, key: string): Diagnostic[] {
  const path = [...node.path, 'sysctl', key];
  const names = node.interfaces.map((i) => i.name);
  const status = classifySysctlKey(key, names);

  switch (status.kind) {
    case 'namespace':
      return [];
    case 'read-only':
      return [{
        severity: 'error', path, at: 'key',
        message: `${key} is read-only inside a network namespace; only the host may change it`,
        fix: `remove it from nodes.${node.name}.sysctl`,
      }];
    case 'no-interface': {
      const table = key.split('.').slice(0, 3).join('.');
      if (status.iface === 'default' && table.endsWith('.neigh')) {
        return [{
          severity: 'error', path, at: 'key',
          message: `a network namespace has no ${table}.default; it exists only on the host`,
          fix: `set it per interface: ${key.replace('.default.', `.${names[0] ?? 'IFACE'}.`)}`,
        }];
      }
      const guess = closest(status.iface, names);
      return [{
        severity: 'error', path, at: 'key',
        message: `${node.name} has no interface "${status.iface}" for ${key}`,
        fix: guess
          ? `did you mean "${key.replace(`.${status.iface}.`, `.${guess}.`)}"?`
          : `name one of ${['all', 'default', ...names].join(', ')} in place of ${status.iface}`,
      }];
    }
    case 'unknown':
      return [{
        severity: 'error', path, at: 'key',
        message: `${key} is not a setting of a network namespace; sysctl would fail with ` +
          `"cannot stat /proc/sys/${key.replaceAll('.', '/')}"`,
        fix: status.suggestion
          ? `did you mean "${status.suggestion}"?`
          : 'ip netns exec NODE sysctl -a lists the settings a namespace has',
      }];
  }
}

const EARLY_KEYS = new Set([...Object.keys(BASELINE_IPV4), ...Object.keys(BASELINE_IPV6)]);

// netlab writes a node's sysctls once its interfaces exist. A `default` value reaches only
// interfaces made later (IPv6 always; IPv4 for forwarding), so here it changes nothing.
export function checkLateDefaults(scenario: Scenario): Diagnostic[] {
  return scenario.nodes.flatMap((node) => Object.keys(node.sysctl)
    .filter((key) => !EARLY_KEYS.has(key) && (key.startsWith('net.ipv6.conf.default.') ||
      key === 'net.ipv4.conf.default.forwarding'))
    .map((key): Diagnostic => {
      const name = key.split('.').pop() ?? '';
      const instead = name === 'forwarding'
        ? (key.startsWith('net.ipv4.') ? 'net.ipv4.ip_forward' : 'net.ipv6.conf.all.forwarding')
        : key.replace('.default.', `.${node.interfaces[0]?.name ?? 'IFACE'}.`);
      return {
        severity: 'warning', path: [...node.path, 'sysctl', key], at: 'key',
        message: `${key} reaches only interfaces created after it is set, and netlab sets it ` +
          `once ${node.name}'s interfaces exist: it changes nothing in this lab`,
        fix: `set ${instead} instead`,
      };
    }));
}

// The values the prediction reads, with the ranges the kernel enforces (checked on 6.18)
// and a value to suggest.
const ANY = Number.MAX_SAFE_INTEGER;
const NUMBER_RANGES: readonly [RegExp, number, number, number][] = [
  [/^net\.ipv4\.ip_default_ttl$/, 1, 255, 64],
  [/^net\.ipv6\.conf\.[^.]+\.hop_limit$/, 1, 255, 64],
  [/^net\.ipv4\.icmp_echo_ignore_all$/, 0, 1, 1],
  [/^net\.ipv4\.ip_forward$|^net\.ipv[46]\.conf\.[^.]+\.(force_)?forwarding$/, 0, ANY, 1],
  [/^net\.ipv4\.conf\.[^.]+\.(rp_filter|arp_ignore)$/, 0, ANY, 0],
  [/^net\.ipv6\.icmp\.echo_ignore_all$/, 0, ANY, 1],
];

export function checkSysctlValues(scenario: Scenario): Diagnostic[] {
  return scenario.nodes.flatMap((node) => Object.entries(node.sysctl).flatMap(([key, value]) => {
    const range = NUMBER_RANGES.find(([pattern]) => pattern.test(key));
    if (!range) return [];
    const [, low, high, example] = range;
    const number = /^\d+$/.test(value) ? Number(value) : NaN;
    if (number >= low && number <= high) return [];
    const wanted = high === ANY ? 'a whole number' : `a whole number from ${low} to ${high}`;
    return [{
      severity: 'error', path: [...node.path, 'sysctl', key],
      message: `${key} takes ${wanted}, not ${JSON.stringify(value)}; sysctl would answer ` +
        '"Invalid argument"',
      fix: `write ${key}: ${example}`,
    } satisfies Diagnostic];
  }));
}
