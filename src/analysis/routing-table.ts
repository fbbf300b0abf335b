import { inNetwork, parseAddress } from '../scenario/address.js';
import type { Family, InterfaceAddress, Node, Route } from '../scenario/model.js';

/** One entry of a node's main routing table, as the kernel would hold it. */
export interface RouteEntry {
  family: Family;
  /** Canonical prefix; a default route is 0.0.0.0/0 or ::/0. */
  network: string;
  prefixLength: number;
  dev: string;
  via?: string;
  metric: number;
  origin: { kind: 'connected'; address: InterfaceAddress } | { kind: 'static'; route: Route };
}

const DEFAULT_NETWORK = { 4: '0.0.0.0/0', 6: '::/0' } as const;

// The metrics the kernel gives: IPv4 routes are 0 whoever adds them; IPv6 connected routes
// get 256 and `ip -6 route` 1024, so an IPv6 static route never replaces a connected one.
const CONNECTED_METRIC = { 4: 0, 6: 256 } as const;
const STATIC_METRIC = { 4: 0, 6: 1024 } as const;

/** The node's table for one family: connected routes from its addresses, then its routes. */
export function buildRoutingTable(node: Node, family: Family): RouteEntry[] {
  const table: RouteEntry[] = [];

  for (const iface of node.interfaces) {
    for (const address of iface.addresses.filter((a) => a.family === family)) {
      // An IPv4 /32 makes no prefix route; a second address in a subnet is a secondary.
      if (family === 4 && address.prefixLength === 32) continue;
      if (table.some((e) => e.dev === iface.name && e.network === address.network)) continue;
      table.push({
        family, network: address.network, prefixLength: address.prefixLength, dev: iface.name,
        metric: CONNECTED_METRIC[family], origin: { kind: 'connected', address },
      });
    }
  }

  for (const route of node.routes.filter((r) => r.family === family)) {
    const entry = staticEntry(table, route);
    // A route the kernel refuses (its gateway is on no segment) is not in the table.
    if (!entry) continue;
    const same = table.findIndex((e) => e.network === entry.network && e.metric === entry.metric);
    if (same >= 0) table[same] = entry;
    else table.push(entry);
  }
  return table;
}

function staticEntry(table: RouteEntry[], route: Route): RouteEntry | undefined {
  const network = route.to === 'default' ? DEFAULT_NETWORK[route.family] : route.to;
  const prefixLength = Number(network.split('/')[1]);
  let dev = route.dev;
  if (route.via !== undefined) {
    // The gateway must be reachable without a gateway: through a link route.
    const onLink = lookupRoute(table.filter((e) => e.via === undefined && (!dev || e.dev === dev)),
      route.via);
    if (!onLink) return undefined;
    dev = onLink.dev;
  }
  if (dev === undefined) return undefined;
  return {
    family: route.family, network, prefixLength, dev, via: route.via,
    metric: STATIC_METRIC[route.family], origin: { kind: 'static', route },
  };
}

/** Longest prefix match; among equals the lowest metric, then the first installed. */
export function lookupRoute(table: readonly RouteEntry[],
  destination: string): RouteEntry | undefined {
  const parsed = parseAddress(destination);
  if (!parsed) return undefined;
  let best: RouteEntry | undefined;
  for (const entry of table) {
    if (entry.family !== parsed.family || !inNetwork(parsed, entry.network)) continue;
    if (!best || entry.prefixLength > best.prefixLength ||
      (entry.prefixLength === best.prefixLength && entry.metric < best.metric)) {
      best = entry;
    }
  }
  return best;
}

/** The entry as `ip route` prints it: "default via 192.0.2.254 dev ns1-veth0". */
export function formatRouteEntry(entry: RouteEntry): string {
  const to = entry.prefixLength === 0 ? 'default' : entry.network;
  return [to, entry.via && `via ${entry.via}`, `dev ${entry.dev}`].filter(Boolean).join(' ');
}
