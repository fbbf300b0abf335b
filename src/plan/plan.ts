import type { Check, Node, Scenario } from '../scenario/model.js';
import { usesIPv6 } from '../scenario/model.js';
import { BASELINE_IPV4, BASELINE_IPV6, FORWARDING_IPV4, FORWARDING_IPV6 } from './sysctl-defaults.js';
import type { FieldPath } from '../scenario/source.js';

export type Phase = 'namespaces' | 'links' | 'addresses' | 'up' | 'routes' | 'sysctls';

/** The kernel's order: a veth needs its namespaces, a route its addresses and links up. */
export const PHASES: readonly { phase: Phase; title: string; why: string }[] = [
  { phase: 'namespaces', title: 'Namespaces', why: 'one network namespace per node, loopback up' },
  { phase: 'links', title: 'Links', why: 'each veth pair created with its ends in their namespaces' },
  { phase: 'addresses', title: 'Addresses', why: 'an address puts an interface on a segment' },
  { phase: 'up', title: 'Links up', why: 'an interface passes traffic once it is up' },
  { phase: 'routes', title: 'Routes', why: 'routes need their gateway on a segment that is up' },
  { phase: 'sysctls', title: 'Sysctls', why: 'per-namespace kernel settings, forwarding among them' },
];

export interface Step {
  id: string;
  phase: Phase;
  node: string;
  title: string;
  /** One command, as words; the renderer is the only place that quotes them. */
  argv: string[];
  /** Set when the step creates a namespace: the journal records it. */
  createsNetns?: string;
  /** Wait until IPv6 is configured on these interfaces instead of running argv. */
  settle?: { netns: string; iface: string }[];
  path?: FieldPath;
}

export interface PingCheck {
  check: Check;
  netns: string;
  argv: string[];
  /** Expected-reachable checks retry a little: a first packet may wait for a neighbour. */
  attempts: number;
}

export interface NodeNamespace {
  node: string;
  netns: string;
  /** Every sysctl key netlab sets there, read back after the checks. */
  sysctlKeys: string[];
}

export interface Plan {
  /** The lab's name in the guest: the namespace prefix and the scenario's name. */
  lab: string;
  scenario: Scenario;
  prefix: string;
  ipv6: boolean;
  namespaces: NodeNamespace[];
  steps: Step[];
  checks: PingCheck[];
}

export interface PlanOptions {
  /** Put before every namespace name, so a test's labs cannot meet anybody else's. */
  prefix?: string;
}

export function planScenario(scenario: Scenario, options: PlanOptions = {}): Plan {
  const prefix = options.prefix ?? '';
  const ipv6 = usesIPv6(scenario);
  const netns = (node: string) => `${prefix}${node}`;
  const steps: Step[] = [];
  const add = (step: Omit<Step, 'id'>) => steps.push({ id: `s${steps.length + 1}`, ...step });

  const baselineFor = (node: Node) => merge(
    { ...BASELINE_IPV4, ...(ipv6 ? BASELINE_IPV6 : {}) }, node.sysctl, 'only');
  const laterFor = (node: Node) => merge(
    { ...FORWARDING_IPV4, ...(ipv6 ? FORWARDING_IPV6 : {}) },
    except(node.sysctl, { ...BASELINE_IPV4, ...BASELINE_IPV6 }), 'all');

  for (const node of scenario.nodes) {
    const ns = netns(node.name);
    add({ phase: 'namespaces', node: node.name, title: `create namespace ${ns}`,
      argv: ['ip', 'netns', 'add', ns], createsNetns: ns, path: node.path });
    add({ phase: 'namespaces', node: node.name, title: `${ns}: loopback up`,
      argv: ['ip', '-n', ns, 'link', 'set', 'lo', 'up'], path: node.path });
    add({ phase: 'namespaces', node: node.name, title: `${ns}: baseline sysctls`,
      argv: ['ip', 'netns', 'exec', ns, 'sysctl', '-w', ...assignments(baselineFor(node))],
      path: node.path });
  }

  scenario.links.forEach((link) => {
    const [a, b] = link.ends;
    add({ phase: 'links', node: a.node,
      title: `veth ${a.node}:${a.iface} ↔ ${b.node}:${b.iface}`,
      argv: ['ip', '-n', netns(a.node), 'link', 'add', a.iface, 'type', 'veth',
        'peer', 'name', b.iface, 'netns', netns(b.node)],
      path: link.path });
  });

  for (const node of scenario.nodes) {
    for (const iface of node.interfaces) {
      for (const address of iface.addresses) {
        // nodad: an IPv6 address is usable at once instead of a second later.
        add({ phase: 'addresses', node: node.name,
          title: `${node.name}:${iface.name} ${address.cidr}`,
          argv: ['ip', '-n', netns(node.name), 'address', 'add', address.cidr, 'dev', iface.name,
            ...(address.family === 6 ? ['nodad'] : [])],
          path: address.path });
      }
    }
  }

  for (const node of scenario.nodes) {
    for (const iface of node.interfaces) {
      add({ phase: 'up', node: node.name, title: `${node.name}:${iface.name} up`,
        argv: ['ip', '-n', netns(node.name), 'link', 'set', iface.name, 'up'], path: iface.path });
    }
  }

  const v6Interfaces = scenario.nodes.flatMap((node) => node.interfaces
    .filter((iface) => iface.addresses.some((a) => a.family === 6))
    .map((iface) => ({ netns: netns(node.name), iface: iface.name })));
  if (v6Interfaces.length > 0) {
    // The kernel finishes IPv6 set-up of a link a moment after it comes up; until then
    // neighbour discovery on it is dropped, and a first ping would be lost.
    add({ phase: 'up', node: '', title: 'IPv6 ready on every link',
      argv: ['sleep', '1'], settle: v6Interfaces });
  }

  for (const node of scenario.nodes) {
    for (const route of node.routes) {
      add({ phase: 'routes', node: node.name,
        title: `${node.name}: ${route.to}${route.via ? ` via ${route.via}` : ''}` +
          `${route.dev ? ` dev ${route.dev}` : ''}`,
        argv: ['ip', '-n', netns(node.name), ...(route.family === 6 ? ['-6'] : []),
          'route', 'replace', route.to,
          ...(route.via ? ['via', route.via] : []), ...(route.dev ? ['dev', route.dev] : [])],
        path: route.path });
    }
  }

  for (const node of scenario.nodes) {
    add({ phase: 'sysctls', node: node.name, title: `${node.name}: ${summarize(laterFor(node))}`,
      argv: ['ip', 'netns', 'exec', netns(node.name), 'sysctl', '-w', ...assignments(laterFor(node))],
      path: [...node.path, 'sysctl'] });
  }

  const namespaces = scenario.nodes.map((node) => ({
    node: node.name,
    netns: netns(node.name),
    sysctlKeys: [...Object.keys(baselineFor(node)), ...Object.keys(laterFor(node))],
  }));

  const checks = scenario.checks.map((check) => planCheck(check, netns(check.from)));
  return { lab: labId(prefix, scenario.name), scenario, prefix, ipv6, namespaces, steps, checks };
}

/**
 * A lab's name in the guest. With a namespace prefix it is PREFIX+NAME: "+" is in no
 * prefix and no lab name, so prefix "a-" with lab "b-c" cannot meet prefix "a-b-" with
 * lab "c" (their namespaces are told apart by the guest's collision check).
 */
export function labId(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}+${name}`;
}

export function planCheck(check: Check, netns: string): PingCheck {
  // -w bounds the whole attempt; -i 0.2 gets the replies of a live path in well under it.
  const argv = ['ip', 'netns', 'exec', netns, 'ping', '-n', '-c', String(check.count),
    '-i', '0.2', '-w', String(check.timeout),
    ...(check.source ? ['-I', check.source] : []), check.to];
  return { check, netns, argv, attempts: check.expect === 'reachable' ? 3 : 1 };
}

/** `defaults` with the scenario's values laid over them ('only': keys of defaults only). */
function merge(defaults: Record<string, string>, values: Record<string, string>,
  mode: 'only' | 'all'): Record<string, string> {
  const merged = { ...defaults };
  for (const [key, value] of Object.entries(values)) {
    if (mode === 'all' || key in defaults) merged[key] = value;
  }
  return merged;
}

function except(values: Record<string, string>, drop: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !(key in drop)));
}

function assignments(values: Record<string, string>): string[] {
  return Object.entries(values).map(([key, value]) => `${key}=${value}`);
}

function summarize(values: Record<string, string>): string {
  return Object.entries(values).map(([key, value]) => `${key}=${value}`).join(' ');
}
