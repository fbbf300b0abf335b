import { inNetwork, parseAddress } from '../scenario/address.js';
import type { Diagnostic } from '../scenario/diagnostics.js';
import { findNode } from '../scenario/model.js';
import type { Interface, Node, Scenario } from '../scenario/model.js';
import { closest } from '../scenario/suggest.js';

export type Rule = (scenario: Scenario) => Diagnostic[];

/** The rules a scenario must pass before anything touches a guest. */
export const contractRules: Rule[] = [
  checkLinkEnds,
  checkInterfacesLinked,
  checkUniqueAddresses,
  checkGateways,
  checkSysctlScope,
  checkCheckTargets,
];

export function runRules(scenario: Scenario, rules: readonly Rule[] = contractRules): Diagnostic[] {
  return rules.flatMap((rule) => rule(scenario));
}

function interfaceOf(node: Node, name: string): Interface | undefined {
  return node.interfaces.find((iface) => iface.name === name);
}

function nodeNames(scenario: Scenario): string[] {
  return scenario.nodes.map((node) => node.name);
}

function unknownNode(scenario: Scenario, name: string, path: Diagnostic['path']): Diagnostic {
  const guess = closest(name, nodeNames(scenario));
  return {
    severity: 'error', path,
    message: `node "${name}" is not defined`,
    fix: guess ? `did you mean "${guess}"?` : `add ${name} under nodes, or use one of ${nodeNames(scenario).join(', ')}`,
  };
}

function checkLinkEnds(scenario: Scenario): Diagnostic[] {
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

function checkInterfacesLinked(scenario: Scenario): Diagnostic[] {
  const linked = new Set(scenario.links.flatMap((l) => l.ends.map((e) => `${e.node}:${e.iface}`)));
  return scenario.nodes.flatMap((node) => node.interfaces
    .filter((iface) => !linked.has(`${node.name}:${iface.name}`))
    .map((iface): Diagnostic => ({
      severity: 'error', path: iface.path, at: 'key',
      message: `interface ${node.name}:${iface.name} is in no link`,
      fix: `add a link [${node.name}:${iface.name}, OTHER:INTERFACE], or remove the interface`,
    })));
}

function checkUniqueAddresses(scenario: Scenario): Diagnostic[] {
  const seen = new Map<string, string>();
  const out: Diagnostic[] = [];
  for (const node of scenario.nodes) {
    for (const iface of node.interfaces) {
      for (const address of iface.addresses) {
        const where = `${node.name}:${iface.name}`;
        const first = seen.get(address.address);
        if (first) {
          out.push({
            severity: 'error', path: address.path,
            message: `${address.address} is also the address of ${first}`,
            fix: 'give every interface its own address',
          });
        } else {
          seen.set(address.address, where);
        }
      }
    }
  }
  return out;
}

function checkGateways(scenario: Scenario): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const node of scenario.nodes) {
    node.routes.forEach((route) => {
      const dev = route.dev === undefined ? undefined : interfaceOf(node, route.dev);
      if (route.dev !== undefined && !dev) {
        const guess = closest(route.dev, node.interfaces.map((i) => i.name));
        out.push({
          severity: 'error', path: [...route.path, 'dev'],
          message: `${node.name} has no interface "${route.dev}" ` +
            '(the kernel would answer "Cannot find device")',
          fix: guess ? `did you mean "${guess}"?` : `use one of ${node.name}'s interfaces`,
        });
        return;
      }
      if (route.via === undefined) return;

      const via = parseAddress(route.via);
      const candidates = dev ? [dev] : node.interfaces;
      const own = candidates.flatMap((i) => i.addresses).find((a) => a.address === route.via);
      const segments = candidates.flatMap((i) => i.addresses)
        .filter((a) => a.family === route.family);
      const onLink = via && segments.some((a) => inNetwork(via, a.network));

      if (own) {
        out.push({
          severity: 'error', path: [...route.path, 'via'],
          message: `gateway ${route.via} is ${node.name}'s own address`,
          fix: 'the gateway is the neighbour that forwards for this node: use its address',
        });
      } else if (!onLink) {
        const list = segments.map((a) => a.network);
        const where = dev ? `${node.name}:${dev.name}` : node.name;
        out.push({
          severity: 'error', path: [...route.path, 'via'],
          message: `gateway ${route.via} is on none of ${where}'s segments ` +
            `(${list.length > 0 ? [...new Set(list)].join(', ') : `no IPv${route.family} address`}); ` +
            'the kernel would refuse the route with "Nexthop has invalid gateway"',
          fix: list.length > 0
            ? `use the address of a neighbour on ${list[0]}, or give ${where} an address ` +
              `in ${route.via}'s segment`
            : `give ${where} an IPv${route.family} address in ${route.via}'s segment`,
        });
      }
    });
  }
  return out;
}

// A sysctl outside net.* is not per namespace: `ip netns exec X sysctl -w` would change
// the whole guest, which a lab must never do.
function checkSysctlScope(scenario: Scenario): Diagnostic[] {
  return scenario.nodes.flatMap((node) => Object.keys(node.sysctl)
    .filter((key) => !key.startsWith('net.'))
    .map((key): Diagnostic => ({
      severity: 'error', path: [...node.path, 'sysctl', key], at: 'key',
      message: `${key} is not a network namespace setting; it would change the whole guest`,
      fix: 'a node sets only net.* keys, such as net.ipv4.ip_forward',
    })));
}

function checkCheckTargets(scenario: Scenario): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const check of scenario.checks) {
    const node = findNode(scenario, check.from);
    if (!node) {
      out.push(unknownNode(scenario, check.from, [...check.path, 'ping', 'from']));
      continue;
    }
    if (check.source === undefined) continue;
    const owned = node.interfaces.some((i) => i.addresses.some((a) => a.address === check.source));
    if (!owned) {
      const mine = node.interfaces.flatMap((i) => i.addresses.map((a) => a.address));
      out.push({
        severity: 'error', path: [...check.path, 'ping', 'source'],
        message: `${check.source} is not an address of ${check.from} ` +
          '(ping would fail with "Cannot assign requested address")',
        fix: mine.length > 0 ? `use one of ${mine.join(', ')}` : `give ${check.from} this address`,
      });
    }
  }
  return out;
}
