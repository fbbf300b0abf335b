import type { Node } from '../scenario/model.js';
import type { LabSimulation } from './lab-simulation.js';
import { lookupRoute } from './routing-table.js';

/**
 * IPv4 source validation on arrival (fib_validate_source): a packet from one of the node's
 * own addresses is a martian; with rp_filter 1 the way back to the source must leave by
 * the interface the packet came in on, with 2 some way back must exist. The reason it is
 * dropped, or undefined when it passes.
 */
export function checkReversePath(sim: LabSimulation, node: Node, inbound: string,
  source: string): string | undefined {
  if (node.interfaces.some((i) => i.addresses.some((a) => a.address === source))) {
    return `${node.name} drops a packet from ${source} that arrives on ${inbound}: ` +
      'that is its own address, so the packet must be a martian';
  }
  const filter = sim.settings(node).rpFilter(inbound);
  if (filter.value === 0) return undefined;

  const sysctl = `sysctl ${filter.setBy ?? `net.ipv4.conf.${inbound}.rp_filter=${filter.value}`}`;
  const back = lookupRoute(sim.table(node, 4), source);
  if (!back) {
    return `${node.name} drops packets from ${source}: it has no route back to them, and the ` +
      `reverse-path filter wants one (${sysctl})`;
  }
  if (filter.value === 1 && back.dev !== inbound) {
    return `${node.name} drops packets from ${source} that arrive on ${inbound}: its route ` +
      `back to them leaves by ${back.dev}, and the strict reverse-path filter wants the same ` +
      `interface (${sysctl})`;
  }
  return undefined;
}
