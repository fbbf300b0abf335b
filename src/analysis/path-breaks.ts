import { broadcastOf } from '../scenario/address.js';
import type { Family, Node } from '../scenario/model.js';
import type { FieldPath } from '../scenario/source.js';
import type { LabSimulation } from './lab-simulation.js';
import type { Setting } from './node-settings.js';
import { adviseRoute } from './route-advice.js';
import type { RouteEntry } from './routing-table.js';
import { findAddressOwner } from './scenario-lookup.js';

export type BreakKind = 'no-route' | 'forwarding-off' | 'no-neighbour' | 'not-linked' |
  'reverse-path' | 'loop' | 'ttl-exceeded' | 'broadcast' | 'echo-ignored' | 'no-source' |
  'no-node';

/** The first place a packet goes no further, and why, in the scenario's terms. */
export interface PathBreak {
  kind: BreakKind;
  node: string;
  /** One line: "router: no route to 203.0.113.7". */
  reason: string;
  /** The change to the file that mends it, when the lab says what was meant. */
  fix?: string;
  /** The field the fix is about. */
  path: FieldPath;
}

export function notLinkedBreak(node: Node, dev: string): PathBreak {
  return {
    kind: 'not-linked', node: node.name, path: [...node.path, 'interfaces', dev],
    reason: `${node.name}: ${dev} is in no link, so nothing is at its other end`,
    fix: `add a link [${node.name}:${dev}, OTHER:INTERFACE]`,
  };
}

export function reversePathBreak(node: Node, inbound: string, source: string,
  reason: string): PathBreak {
  return {
    kind: 'reverse-path', node: node.name, reason, path: [...node.path, 'sysctl'],
    fix: `give ${node.name} a route back to ${source} through ${inbound}, ` +
      'or set its rp_filter to 0 (netlab\'s default)',
  };
}

/** Nothing at the other end answers for the next hop: a gateway, or the address itself. */
export function neighbourBreak(sim: LabSimulation, node: Node, route: RouteEntry,
  asked: { peer: Node; iface: string; address: string; why: string }, family: Family): PathBreak {
  const { peer, iface, address, why } = asked;
  if (route.via !== undefined) {
    const mine = node.interfaces.find((i) => i.name === route.dev)?.addresses ?? [];
    const onMine = (network: string) => Number(mine.some((m) => m.network === network));
    const far = peer.interfaces.find((i) => i.name === iface)?.addresses
      .filter((a) => a.family === family && a.address !== address)
      .sort((a, b) => onMine(b.network) - onMine(a.network))[0];
    return {
      kind: 'no-neighbour', node: node.name,
      path: route.origin.kind === 'static' ? [...route.origin.route.path, 'via'] : node.path,
      reason: `${node.name}: gateway ${address} does not answer on ${route.dev}: ${why}`,
      fix: far && `use via: ${far.address}, the address at the other end of ${route.dev}`,
    };
  }
  const owner = findAddressOwner(sim.scenario, address);
  return {
    kind: 'no-neighbour', node: node.name, path: node.path,
    reason: `${node.name}: no neighbour on ${route.dev} answers for ${address}` +
      (owner ? `: ${why}` : '; no node of this lab has it'),
    fix: owner && owner.node !== peer
      ? `${address} is ${owner.node.name}:${owner.iface.name}'s, at the end of another link: ` +
        `route it through a neighbour, or link ${node.name} to ${owner.node.name}`
      : undefined,
  };
}

export function forwardingOffBreak(node: Node, family: Family, setting: Setting): PathBreak {
  const key = family === 4 ? 'net.ipv4.ip_forward' : 'net.ipv6.conf.all.forwarding';
  const by = setting.setBy ?? `${key}=0`;
  const origin = setting.fromScenario ? '' : ', netlab\'s default';
  const perInterface = setting.setBy !== undefined && !setting.setBy.startsWith(key) &&
    !setting.setBy.startsWith('net.ipv4.conf.all.');
  const sysctl = perInterface ? by.slice(0, by.indexOf('=')) : key;
  return {
    kind: 'forwarding-off', node: node.name,
    path: setting.fromScenario
      ? [...node.path, 'sysctl', by.slice(0, by.indexOf('='))] : node.path,
    reason: `${node.name}: forwarding is off (sysctl ${by}${origin})`,
    fix: `set ${sysctl}: 1 under nodes.${node.name}.sysctl`,
  };
}

export function noRouteBreak(sim: LabSimulation, node: Node,
  packet: { direction: 'there' | 'back'; destination: string; family: Family }): PathBreak {
  const back = packet.direction === 'back';
  const owner = findAddressOwner(sim.scenario, packet.destination);
  const what = back && owner ? owner.address.network : packet.destination;
  const advice = adviseRoute(sim, node, packet.family, packet.destination);
  return {
    kind: 'no-route', node: node.name, path: [...node.path, 'routes'],
    reason: `${node.name}: no route ${back ? 'back ' : ''}to ${what}` +
      (owner ? '' : '; no node of this lab has it'),
    fix: advice && `add ${advice} to nodes.${node.name}.routes`,
  };
}

export function broadcastBreak(node: Node, destination: string,
  arrived: boolean): PathBreak | undefined {
  const segment = node.interfaces.flatMap((i) => i.addresses)
    .find((a) => a.family === 4 && a.prefixLength <= 30 && broadcastOf(a.network) === destination);
  if (!segment && destination !== '255.255.255.255') return undefined;
  const which = segment ? `the broadcast address of ${segment.network}` : 'the broadcast address';
  return {
    kind: 'broadcast', node: node.name, path: node.path,
    reason: arrived
      ? `${node.name}: ${destination} is ${which}, and echo requests to broadcast are ignored`
      : `${node.name}: ${destination} is ${which}; ping refuses it without -b`,
    fix: 'ping one node\'s address',
  };
}

export function routingLoopBreak(node: Node, cycle: string[], destination: string): PathBreak {
  const nodes = [...new Set(cycle.map((at) => at.split(':')[0]))];
  return {
    kind: 'loop', node: node.name, path: [...node.path, 'routes'],
    reason: `${nodes.join(' → ')} → ${node.name}: a routing loop; ` +
      `${destination} goes round until its TTL runs out`,
    fix: `give one of ${nodes.join(', ')} a route to ${destination} that leaves the loop`,
  };
}

export function ttlExceededBreak(node: Node, routers: number): PathBreak {
  return {
    kind: 'ttl-exceeded', node: node.name, path: [...node.path, 'routes'],
    reason: `${node.name}: the TTL runs out after ${routers} routers`,
  };
}
