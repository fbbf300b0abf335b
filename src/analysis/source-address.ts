import { inNetwork, parseAddress } from '../scenario/address.js';
import type { InterfaceAddress, Node, Scenario } from '../scenario/model.js';
import type { RouteEntry } from './routing-table.js';

/**
 * The address the kernel sends from when ping is not told (-I): for IPv4 the route's
 * preferred source, else an address on the way out; for IPv6 the RFC 6724 choice.
 */
export function selectSourceAddress(scenario: Scenario, node: Node, entry: RouteEntry,
  destination: string): string | undefined {
  if (entry.origin.kind === 'connected' && entry.family === 4) return entry.origin.address.address;
  return entry.family === 4
    ? selectIpv4Address(node, entry.dev, entry.via)
    : selectIpv6Address(scenario, node, entry.dev, destination);
}

/** As inet_select_addr: on `dev`, one in `near`'s subnet, else its first; else any other. */
export function selectIpv4Address(node: Node, dev: string, near?: string): string | undefined {
  const own = (name: string) => node.interfaces.find((i) => i.name === name)?.addresses
    .filter((a) => a.family === 4) ?? [];
  const target = near === undefined ? undefined : parseAddress(near);
  const onDev = own(dev);
  const matching = target && onDev.find((a) => inNetwork(target, a.network));
  if (matching) return matching.address;
  if (onDev[0]) return onDev[0].address;
  return node.interfaces.flatMap((i) => i.name === dev ? [] : own(i.name))[0]?.address;
}

interface Candidate {
  address: InterfaceAddress;
  iface: string;
}

// Linux's default policy table (ip addrlabel): the longest matching prefix gives the label.
const LABELS: readonly [string, number][] = [
  ['::1/128', 0], ['::/96', 3], ['::ffff:0.0.0.0/96', 4], ['2001::/32', 6], ['2001:10::/28', 7],
  ['3ffe::/16', 12], ['2002::/16', 2], ['fec0::/10', 11], ['fc00::/7', 5], ['::/0', 1],
];

function labelOf(address: string): number {
  const parsed = parseAddress(address);
  let best: [number, number] = [-1, 1];
  for (const [prefix, label] of LABELS) {
    const length = Number(prefix.split('/')[1]);
    if (parsed && inNetwork(parsed, prefix) && length > best[0]) best = [length, label];
  }
  return best[1];
}

function commonPrefixLength(a: string, b: string): number {
  const x = parseAddress(a)?.value.toByteArray() ?? [];
  const y = parseAddress(b)?.value.toByteArray() ?? [];
  let bits = 0;
  for (let i = 0; i < 16; i++) {
    const diff = (x[i] ?? 0) ^ (y[i] ?? 0);
    if (diff === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(diff) - 24;
  }
  return bits;
}

/**
 * RFC 6724 as Linux ranks it, for the rules that can differ between a lab's addresses:
 * same address, outgoing interface, matching label, longest matching prefix (capped at
 * the candidate's prefix length). Ties go to the first candidate the kernel meets:
 * interfaces in the order their links were made, newest address first.
 */
export function selectIpv6Address(scenario: Scenario, node: Node, dev: string,
  destination: string): string | undefined {
  const candidates = ipv6Candidates(scenario, node);
  const label = labelOf(destination);
  const score = (c: Candidate): number[] => [
    c.address.address === destination ? 1 : 0,
    c.iface === dev ? 1 : 0,
    labelOf(c.address.address) === label ? 1 : 0,
    Math.min(commonPrefixLength(c.address.address, destination), c.address.prefixLength),
  ];
  let best: { candidate: Candidate; score: number[] } | undefined;
  for (const candidate of candidates) {
    const mine = score(candidate);
    if (!best || isBetter(mine, best.score)) best = { candidate, score: mine };
  }
  return best?.candidate.address.address;
}

function isBetter(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return false;
}

function ipv6Candidates(scenario: Scenario, node: Node): Candidate[] {
  const order = scenario.links.flatMap((link) =>
    link.ends.filter((end) => end.node === node.name).map((end) => end.iface));
  const ifaces = [...node.interfaces].sort((a, b) => rank(order, a.name) - rank(order, b.name));
  return ifaces.flatMap((iface) => iface.addresses
    .filter((a) => a.family === 6 && !a.address.startsWith('fe80:'))
    .reverse()
    .map((address) => ({ address, iface: iface.name })));
}

function rank(order: string[], name: string): number {
  const at = order.indexOf(name);
  return at < 0 ? order.length : at;
}
