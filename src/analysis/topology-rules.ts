import { inNetwork, parseAddress } from '../scenario/address.js';
import type { Diagnostic } from '../scenario/diagnostics.js';
import { findNode } from '../scenario/model.js';
import type { Family, InterfaceAddress, Link, Scenario } from '../scenario/model.js';
import { closest } from '../scenario/suggest.js';
import { endName, interfaceOf, unknownNode } from './scenario-lookup.js';

export function checkNodesPresent(scenario: Scenario): Diagnostic[] {
  if (scenario.nodes.length > 0) return [];
  return [{
    severity: 'warning', path: ['nodes'],
    message: 'the lab has no nodes, so netlab would build nothing',
    fix: 'add a node per network namespace, such as ns1: { interfaces: { ... } }',
  }];
}

export function checkLinkEnds(scenario: Scenario): Diagnostic[] {
  const out: Diagnostic[] = [];
  const owner = new Map<string, number>();

  scenario.links.forEach((link, index) => {
    link.ends.forEach((end, side) => {
      const path = ['links', index, side];
      const node = findNode(scenario, end.node);
      if (!node) {
        out.push(unknownNode(scenario, end.node, path));
        return;
      }
      if (!interfaceOf(node, end.iface)) {
        const names = node.interfaces.map((i) => i.name);
        const guess = closest(end.iface, names);
        out.push({
          severity: 'error', path,
          message: `${end.node} has no interface "${end.iface}"`,
          fix: guess
            ? `did you mean "${guess}"?`
            : `add ${end.iface} under nodes.${end.node}.interfaces`,
        });
        return;
      }
      const key = `${end.node}:${end.iface}`;
      const first = owner.get(key);
      if (first !== undefined) {
        out.push({
          severity: 'error', path,
          message: `${key} is already an end of links[${first}]; a veth end belongs to one link`,
          fix: `give ${end.node} another interface for this link`,
        });
      } else {
        owner.set(key, index);
      }
    });

    const [a, b] = link.ends;
    if (a.node === b.node && findNode(scenario, a.node)) {
      out.push({
        severity: 'error', path: ['links', index],
        message: `this link joins ${a.node} to itself`,
        fix: 'a link joins two different nodes; connect one end to another node',
      });
    }
  });
  return out;
}

export function checkInterfacesLinked(scenario: Scenario): Diagnostic[] {
  const linked = new Set(scenario.links.flatMap((l) => l.ends.map((e) => `${e.node}:${e.iface}`)));
  return scenario.nodes.flatMap((node) => node.interfaces
    .filter((iface) => !linked.has(`${node.name}:${iface.name}`))
    .map((iface): Diagnostic => ({
      severity: 'error', path: iface.path, at: 'key',
      message: `interface ${node.name}:${iface.name} is in no link`,
      fix: `add a link [${node.name}:${iface.name}, OTHER:INTERFACE], or remove the interface`,
    })));
}

// Legal for the kernel, and a lesson some labs teach on purpose: so a warning. The two
// ends of a veth pair only reach each other directly when they agree on a subnet.
export function checkLinkSubnets(scenario: Scenario): Diagnostic[] {
  return scenario.links.flatMap((link, index) =>
    ([4, 6] as const).flatMap((family) => linkSubnetProblem(scenario, link, index, family)));
}

function linkSubnetProblem(scenario: Scenario, link: Link, index: number,
  family: Family): Diagnostic[] {
  if (link.ends[0].node === link.ends[1].node) return [];
  const [a, b] = link.ends.map((end) => {
    const node = findNode(scenario, end.node);
    const iface = node && interfaceOf(node, end.iface);
    return iface ? iface.addresses.filter((x) => x.family === family) : [];
  }) as [InterfaceAddress[], InterfaceAddress[]];
  if (a.length === 0 || b.length === 0) return [];
  if (a.some((x) => b.some((y) => x.network === y.network))) return [];

  const [endA, endB] = link.ends.map(endName) as [string, string];
  const both = `${endA} has ${a.map((x) => x.cidr).join(', ')}, ${endB} has ` +
    b.map((y) => y.cidr).join(', ');
  const overlap = a.find((x) => b.some((y) => contains(x.network, y) || contains(y.network, x)));
  if (overlap) {
    const other = b.find((y) => contains(overlap.network, y) || contains(y.network, overlap));
    return [{
      severity: 'warning', path: ['links', index],
      message: `the ends of this link disagree on the prefix length (${both}): ` +
        'each end counts different addresses as its neighbours',
      fix: `use the same prefix length on both ends, such as /${overlap.prefixLength} for ` +
        `${endB} (${other?.address}/${overlap.prefixLength})`,
    }];
  }
  const first = a[0] as InterfaceAddress;
  return [{
    severity: 'warning', path: ['links', index],
    message: `the ends of this link share no IPv${family} subnet (${both}): ` +
      'neither counts the other as a neighbour on the segment',
    fix: `give ${endB} an address in ${first.network}, or ${endA} one in ${b[0]?.network}`,
  }];
}

function contains(network: string, address: InterfaceAddress): boolean {
  const parsed = parseAddress(address.address);
  return parsed !== undefined && inNetwork(parsed, network);
}
