import type { Diagnostic } from '../scenario/diagnostics.js';
import type { Interface, InterfaceAddress, LinkEnd, Node, Scenario } from '../scenario/model.js';
import type { FieldPath } from '../scenario/source.js';
import { closest } from '../scenario/suggest.js';

/** Where an address lives in a scenario: which node, which interface. */
export interface AddressOwner {
  node: Node;
  iface: Interface;
  address: InterfaceAddress;
}

export function interfaceOf(node: Node, name: string): Interface | undefined {
  return node.interfaces.find((iface) => iface.name === name);
}

export function nodeNames(scenario: Scenario): string[] {
  return scenario.nodes.map((node) => node.name);
}

export function unknownNode(scenario: Scenario, name: string, path: FieldPath): Diagnostic {
  const guess = closest(name, nodeNames(scenario));
  return {
    severity: 'error', path,
    message: `node "${name}" is not defined`,
    fix: guess
      ? `did you mean "${guess}"?`
      : `add ${name} under nodes, or use one of ${nodeNames(scenario).join(', ')}`,
  };
}

export function findAddressOwner(scenario: Scenario, address: string): AddressOwner | undefined {
  for (const node of scenario.nodes) {
    for (const iface of node.interfaces) {
      const found = iface.addresses.find((a) => a.address === address);
      if (found) return { node, iface, address: found };
    }
  }
  return undefined;
}

/** The other end of the link an interface belongs to, if it belongs to one. */
export function findLinkPeer(scenario: Scenario, node: string,
  iface: string): LinkEnd | undefined {
  for (const link of scenario.links) {
    const [a, b] = link.ends;
    if (a.node === node && a.iface === iface) return b;
    if (b.node === node && b.iface === iface) return a;
  }
  return undefined;
}

export function endName(end: LinkEnd): string {
  return `${end.node}:${end.iface}`;
}
