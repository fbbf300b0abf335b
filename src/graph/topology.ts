import { findNode } from '../scenario/model.js';
import type { Scenario } from '../scenario/model.js';

export interface TopologyNode {
  name: string;
  /** Routers forward (the scenario turns forwarding on); hosts do not. */
  kind: 'router' | 'host';
}

export interface SegmentEnd {
  node: string;
  iface: string;
  addresses: string[];
}

/** One veth pair: a segment of its own, with the networks its addresses belong to. */
export interface Segment {
  id: string;
  networks: string[];
  ends: [SegmentEnd, SegmentEnd];
}

export interface Topology {
  name: string;
  description: string;
  nodes: TopologyNode[];
  segments: Segment[];
}

const FORWARDING = ['net.ipv4.ip_forward', 'net.ipv6.conf.all.forwarding'];

/** The picture's content, from the scenario alone: who is who, and what joins them. */
export function topologyOf(scenario: Scenario): Topology {
  const nodes = scenario.nodes.map((node): TopologyNode => ({
    name: node.name,
    kind: FORWARDING.some((key) => node.sysctl[key] === '1') ? 'router' : 'host',
  }));

  // Each segment runs from the node declared first to the other, so that a chain of
  // nodes declared in order (ns1, router, ns2) is drawn as a line.
  const order = (name: string) => scenario.nodes.findIndex((n) => n.name === name);
  const segments = scenario.links.map((link, index): Segment => {
    const sorted = [...link.ends].sort((a, b) => order(a.node) - order(b.node));
    const ends = sorted.map((end): SegmentEnd => {
      const iface = findNode(scenario, end.node)?.interfaces.find((i) => i.name === end.iface);
      return { node: end.node, iface: end.iface, addresses: iface?.addresses.map((a) => a.cidr) ?? [] };
    }) as [SegmentEnd, SegmentEnd];
    const networks = link.ends.flatMap((end) => findNode(scenario, end.node)?.interfaces
      .find((i) => i.name === end.iface)?.addresses.map((a) => a.network) ?? []);
    return { id: `segment${index + 1}`, networks: [...new Set(networks)], ends };
  });

  return { name: scenario.name, description: scenario.description, nodes, segments };
}
