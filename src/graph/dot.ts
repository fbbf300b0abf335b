import type { Topology } from './topology.js';

const quote = (text: string) =>
  `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

/** The lab for Graphviz: `netlab graph LAB --format dot | dot -Tsvg > lab.svg`. */
export function renderDot(topology: Topology): string {
  const title = topology.description ? `${topology.name}: ${topology.description}` : topology.name;
  const lines = [
    `graph ${quote(topology.name)} {`,
    `  graph [rankdir=LR, label=${quote(title)}, labelloc=t, fontname="Helvetica"];`,
    '  node [fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  for (const node of topology.nodes) {
    lines.push(node.kind === 'router'
      ? `  ${quote(node.name)} [shape=hexagon, style=filled, fillcolor="#fde2b8"];`
      : `  ${quote(node.name)} [shape=box, style=rounded];`);
  }
  for (const segment of topology.segments) {
    const networks = segment.networks.length > 0 ? segment.networks.join('\n') : 'no addresses';
    lines.push(`  ${quote(segment.id)} [shape=ellipse, style=dashed, fontsize=10, label=${quote(networks)}];`);
    const [a, b] = segment.ends.map((end) => quote([end.iface, ...end.addresses].join('\n')));
    lines.push(`  ${quote(segment.ends[0].node)} -- ${quote(segment.id)} [label=${a}];`);
    lines.push(`  ${quote(segment.id)} -- ${quote(segment.ends[1].node)} [label=${b}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
