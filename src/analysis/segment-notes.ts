import type { Step } from '../plan/plan.js';
import type { InterfaceAddress, Scenario } from '../scenario/model.js';
import { formatPath } from '../scenario/source.js';
import type { FieldPath } from '../scenario/source.js';
import { endName, findAddressOwner, findLinkPeer } from './scenario-lookup.js';

interface Placed {
  node: string;
  iface: string;
  address: InterfaceAddress;
}

/**
 * Notes for `netlab plan`: beside each address, its segment and who shares it (the /24
 * lesson on the learner's own lab); beside each route, who its gateway is.
 */
export function annotateSegments(scenario: Scenario): (step: Step) => string | undefined {
  const placed: Placed[] = scenario.nodes.flatMap((node) => node.interfaces.flatMap((iface) =>
    iface.addresses.map((address) => ({ node: node.name, iface: iface.name, address }))));
  const routes = scenario.nodes.flatMap((node) => node.routes.map((route) => ({ node, route })));
  const key = (path: FieldPath | undefined) => (path ? formatPath(path) : '');

  return (step) => {
    if (step.phase === 'addresses') {
      const here = placed.find((p) => key(p.address.path) === key(step.path));
      return here && describeSegment(scenario, placed, here);
    }
    if (step.phase === 'routes') {
      const found = routes.find((r) => key(r.route.path) === key(step.path));
      if (!found?.route.via) return undefined;
      const owner = findAddressOwner(scenario, found.route.via);
      return owner
        ? `gateway ${found.route.via} is ${owner.node.name}:${owner.iface.name}`
        : `no node of this lab has ${found.route.via}`;
    }
    return undefined;
  };
}

function describeSegment(scenario: Scenario, placed: Placed[], here: Placed): string {
  const { network } = here.address;
  const peer = findLinkPeer(scenario, here.node, here.iface);
  const peerName = peer && endName(peer);
  const sharing = placed.filter((p) => p !== here && p.address.network === network &&
    !(p.node === here.node && p.iface === here.iface));
  const notes: string[] = [];

  const atPeer = sharing.filter((p) => `${p.node}:${p.iface}` === peerName);
  if (atPeer.length > 0) {
    const theirs = atPeer.map((p) => p.address.address).join(', ');
    notes.push(`${peerName} (${theirs}) at the other end`);
  } else if (peer) {
    const theirs = placed.filter((p) => `${p.node}:${p.iface}` === peerName &&
      p.address.family === here.address.family).map((p) => p.address.cidr);
    notes.push(`the other end, ${peerName}, is not on it` +
      (theirs.length > 0 ? ` (${theirs.join(', ')})` : ''));
  }
  const elsewhere = sharing.filter((p) =>
    `${p.node}:${p.iface}` !== peerName && p.node !== here.node);
  if (elsewhere.length > 0) {
    notes.push(`also ${elsewhere.map((p) => `${p.node}:${p.iface} (${p.address.address})`)
      .join(', ')}, but on another link`);
  }
  return `segment ${network}: ${notes.join('; ') || 'no other interface is on it'}`;
}
