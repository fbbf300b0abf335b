import type { FieldPath } from './source.js';

export type Family = 4 | 6;

/** An address on an interface, parsed: 192.0.2.1/24 is 192.0.2.1 in the 192.0.2.0/24 segment. */
export interface InterfaceAddress {
  cidr: string;
  address: string;
  prefixLength: number;
  family: Family;
  /** The segment's prefix, such as 192.0.2.0/24. */
  network: string;
  path: FieldPath;
}

export interface Interface {
  name: string;
  node: string;
  addresses: InterfaceAddress[];
  path: FieldPath;
}

export interface Route {
  /** "default" or a prefix in canonical form (203.0.113.0/24). */
  to: string;
  family: Family;
  via?: string;
  dev?: string;
  path: FieldPath;
}

export interface Node {
  name: string;
  interfaces: Interface[];
  routes: Route[];
  /** Values as the scenario gives them, rendered to text for `sysctl -w`. */
  sysctl: Record<string, string>;
  path: FieldPath;
}

export interface LinkEnd {
  node: string;
  iface: string;
}

export interface Link {
  ends: [LinkEnd, LinkEnd];
  path: FieldPath;
}

export type Expectation = 'reachable' | 'unreachable';

export interface Check {
  /** Stable within a scenario: c1, c2, ... in file order. */
  id: string;
  /** What a person reads in a report: the check's name, or "ns1 → 198.51.100.1". */
  label: string;
  from: string;
  to: string;
  family: Family;
  source?: string;
  expect: Expectation;
  ttl?: number;
  count: number;
  timeout: number;
  path: FieldPath;
}

export interface Scenario {
  name: string;
  description: string;
  file: string;
  nodes: Node[];
  links: Link[];
  checks: Check[];
}

export const CHECK_DEFAULTS = { count: 3, timeout: 1 } as const;

export function findNode(scenario: Scenario, name: string): Node | undefined {
  return scenario.nodes.find((node) => node.name === name);
}

export function usesIPv6(scenario: Scenario): boolean {
  return scenario.nodes.some((node) =>
    node.interfaces.some((iface) => iface.addresses.some((a) => a.family === 6)) ||
    node.routes.some((route) => route.family === 6));
}
