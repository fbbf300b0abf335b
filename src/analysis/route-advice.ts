import type { Family, Node } from '../scenario/model.js';
import type { LabSimulation } from './lab-simulation.js';
import { lookupRoute } from './routing-table.js';
import { findAddressOwner, findLinkPeer } from './scenario-lookup.js';

/**
 * The route that would let `node` reach `destination`, written as the scenario spells
 * it: through a neighbour on one of its segments, preferring one that owns the address
 * or forwards and knows the way on. Undefined when no node of the lab has the address.
 */
export function adviseRoute(sim: LabSimulation, node: Node, family: Family,
  destination: string): string | undefined {
  const owner = findAddressOwner(sim.scenario, destination);
  if (!owner) return undefined;

  const gateways = node.interfaces.flatMap((iface) => {
    const end = findLinkPeer(sim.scenario, node.name, iface.name);
    const peer = end && sim.node(end.node);
    const far = peer?.interfaces.find((i) => i.name === end?.iface);
    if (!peer || !far) return [];
    return far.addresses
      .filter((a) => a.family === family &&
        iface.addresses.some((mine) => mine.network === a.network))
      .map((a) => ({ peer, iface: far.name, address: a.address }));
  });
  const useful = gateways.find(({ peer, iface }) => peer === owner.node ||
    (sim.settings(peer).forwarding(family, iface).value > 0 &&
      lookupRoute(sim.table(peer, family), destination) !== undefined));
  const gateway = useful ?? gateways[0];
  if (!gateway) return undefined;
  return `{ to: ${owner.address.network}, via: ${gateway.address} }`;
}
