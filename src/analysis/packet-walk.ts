import { parseAddress } from '../scenario/address.js';
import type { Family, Node } from '../scenario/model.js';
import type { LabSimulation } from './lab-simulation.js';
import { askNeighbour } from './neighbour.js';
import type { Setting } from './node-settings.js';
import {
  broadcastBreak, forwardingOffBreak, neighbourBreak, noRouteBreak, notLinkedBreak,
  reversePathBreak, routingLoopBreak, ttlExceededBreak,
} from './path-breaks.js';
import type { PathBreak } from './path-breaks.js';
import { checkReversePath } from './reverse-path.js';
import { lookupRoute } from './routing-table.js';
import type { RouteEntry } from './routing-table.js';
import { findLinkPeer } from './scenario-lookup.js';
import { selectIpv4Address } from './source-address.js';

export type { BreakKind, PathBreak } from './path-breaks.js';

export interface NextHop {
  address: string;
  node: string;
  iface: string;
}

export interface Hop {
  node: string;
  /** The interface the packet came in by; absent where it starts. */
  inbound?: string;
  action: 'send' | 'forward' | 'deliver';
  route?: RouteEntry;
  nextHop?: NextHop;
  /** What lets a forwarding node forward. */
  forwarding?: Setting;
  /** On delivery: the interface that holds the address ("lo" for loopback). */
  holder?: string;
  /** The TTL as the packet leaves, or arrives where it is delivered. */
  ttl: number;
}

export interface Leg {
  direction: 'there' | 'back';
  from: string;
  source: string;
  destination: string;
  family: Family;
  hops: Hop[];
  broken?: PathBreak;
}

export interface Packet {
  direction: 'there' | 'back';
  from: string;
  source: string;
  destination: string;
  family: Family;
}

// More hops than any TTL allows: a walk that gets here has looped, and says so first.
const MAX_HOPS = 256;

/** Follow one packet from node to node, as each kernel on the way would handle it. */
export function walkPacket(sim: LabSimulation, packet: Packet): Leg {
  const leg: Leg = { ...packet, hops: [] };
  const seen: string[] = [];
  let node = sim.node(packet.from);
  let inbound: string | undefined;
  let ttl = 0;

  for (let step = 0; node && step < MAX_HOPS; step++) {
    if (inbound !== undefined) {
      const problem = arrivalProblem(sim, node, inbound, packet, seen);
      if (problem) return { ...leg, broken: problem };
    }

    const holder = localHolder(node, packet.destination);
    if (holder) {
      if (inbound === undefined) ttl = sim.settings(node).initialTtl(packet.family, 'lo');
      leg.hops.push({ node: node.name, inbound, action: 'deliver', holder, ttl });
      return leg;
    }

    let forwarding: Setting | undefined;
    if (inbound !== undefined) {
      // A directed broadcast to one of the node's segments is taken in, not forwarded.
      const broadcast = broadcastBreak(node, packet.destination, true);
      if (broadcast) return { ...leg, broken: broadcast };
      forwarding = sim.settings(node).forwarding(packet.family, inbound);
      if (forwarding.value === 0) {
        return { ...leg, broken: forwardingOffBreak(node, packet.family, forwarding) };
      }
      if (ttl <= 1) return { ...leg, broken: ttlExceededBreak(node, seen.length) };
      ttl -= 1;
    }

    const route = lookupRoute(sim.table(node, packet.family), packet.destination);
    if (!route) return { ...leg, broken: noRouteBreak(sim, node, packet) };
    if (inbound === undefined) {
      const broadcast = broadcastBreak(node, packet.destination, false);
      if (broadcast) return { ...leg, broken: broadcast };
      ttl = sim.settings(node).initialTtl(packet.family, route.dev);
    }

    const next = resolveNextHop(sim, node, route, packet);
    if ('kind' in next) return { ...leg, broken: next };
    leg.hops.push({
      node: node.name, inbound, action: inbound === undefined ? 'send' : 'forward',
      route, nextHop: next, forwarding, ttl,
    });
    node = sim.node(next.node);
    inbound = next.iface;
  }
  return leg;
}

function arrivalProblem(sim: LabSimulation, node: Node, inbound: string, packet: Packet,
  seen: string[]): PathBreak | undefined {
  const at = `${node.name}:${inbound}`;
  if (seen.includes(at)) {
    return routingLoopBreak(node, seen.slice(seen.indexOf(at)), packet.destination);
  }
  seen.push(at);
  if (packet.family !== 4) return undefined;
  const dropped = checkReversePath(sim, node, inbound, packet.source);
  return dropped === undefined
    ? undefined : reversePathBreak(node, inbound, packet.source, dropped);
}

/** The interface that holds `address` in this node: its own addresses and loopback. */
export function localHolder(node: Node, address: string): string | undefined {
  const own = node.interfaces.find((i) => i.addresses.some((a) => a.address === address));
  if (own) return own.name;
  const parsed = parseAddress(address);
  if (!parsed) return undefined;
  const loopback = parsed.family === 4 ? parsed.value.range() === 'loopback' : address === '::1';
  return loopback ? 'lo' : undefined;
}

function resolveNextHop(sim: LabSimulation, node: Node, route: RouteEntry,
  packet: Packet): NextHop | PathBreak {
  const address = route.via ?? packet.destination;
  const end = findLinkPeer(sim.scenario, node.name, route.dev);
  const peer = end && sim.node(end.node);
  if (!end || !peer) return notLinkedBreak(node, route.dev);

  // ARP asks from the packet's source when it is the node's own, else from the way out.
  const own = node.interfaces.some((i) => i.addresses.some((a) => a.address === packet.source));
  const askedFrom = own ? packet.source : selectIpv4Address(node, route.dev, address);
  const answer = askNeighbour(sim, peer, end.iface, address, packet.family, askedFrom);
  const filtered = packet.family === 4 && answer.answers && askedFrom !== undefined
    ? checkReversePath(sim, peer, end.iface, askedFrom) : undefined;
  if (answer.answers && filtered === undefined) {
    return { address, node: peer.name, iface: end.iface };
  }

  const why = (answer.answers ? filtered : answer.why) ?? '';
  return neighbourBreak(sim, node, route, { peer, iface: end.iface, address, why },
    packet.family);
}
