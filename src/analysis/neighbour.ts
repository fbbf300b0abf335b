import { inNetwork, parseAddress } from '../scenario/address.js';
import type { Family, Node } from '../scenario/model.js';
import type { LabSimulation } from './lab-simulation.js';

export type NeighbourAnswer = { answers: true } | { answers: false; why: string };

/**
 * Whether the node at the far end of a veth answers ARP or neighbour solicitation for
 * `target`, asked by `askedFrom`. IPv4 answers for any address of the namespace (arp_ignore
 * 0, the kernel's default); IPv6 only for addresses of the interface that was asked.
 */
export function askNeighbour(sim: LabSimulation, peer: Node, iface: string, target: string,
  family: Family, askedFrom: string | undefined): NeighbourAnswer {
  const holder = peer.interfaces.find((i) => i.addresses.some((a) => a.address === target));
  const here = peer.interfaces.find((i) => i.name === iface);
  const list = here?.addresses.filter((a) => a.family === family).map((a) => a.address) ?? [];
  const has = list.length > 0 ? `only ${list.join(', ')}` : `no IPv${family} address`;

  if (!holder) return { answers: false, why: `the other end, ${peer.name}:${iface}, has ${has}` };
  if (family === 6) {
    if (holder.name === iface) return { answers: true };
    return {
      answers: false,
      why: `${peer.name} has ${target} on ${holder.name}, and IPv6 neighbours answer only for ` +
        `addresses of the interface asked (${iface} has ${has})`,
    };
  }

  const ignore = sim.settings(peer).arpIgnore(iface);
  const sysctl = `sysctl ${ignore.setBy ?? `net.ipv4.conf.${iface}.arp_ignore=${ignore.value}`}`;
  if (ignore.value >= 8) return { answers: false, why: `${peer.name} answers no ARP (${sysctl})` };
  if ((ignore.value === 1 || ignore.value === 2) && holder.name !== iface) {
    return {
      answers: false,
      why: `${peer.name} has ${target} on ${holder.name}, and answers ARP only for ` +
        `addresses of the interface asked (${sysctl})`,
    };
  }
  if (ignore.value === 2) {
    const address = holder.addresses.find((a) => a.address === target);
    const asker = askedFrom === undefined ? undefined : parseAddress(askedFrom);
    if (!address || !asker || !inNetwork(asker, address.network)) {
      return {
        answers: false,
        why: `${peer.name} answers ARP only from its own subnet ${address?.network} ` +
          `(${sysctl}), and the request comes from ${askedFrom}`,
      };
    }
  }
  return { answers: true };
}
