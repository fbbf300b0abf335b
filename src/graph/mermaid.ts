import type { Topology } from './topology.js';

const id = (name: string) => `n_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
const label = (text: string) => `"${text.replace(/"/g, '#quot;')}"`;

/**
 * A Mermaid flowchart of the lab, fenced for Markdown (GitHub renders it): namespaces as
 * boxes, routers as hexagons, each veth pair through a segment circle naming its networks.
 */
export function renderMermaid(topology: Topology): string {
  const lines = ['```mermaid', 'flowchart LR'];
  if (topology.description) lines.push(`  %% ${topology.name}: ${topology.description}`);

  for (const node of topology.nodes) {
    lines.push(node.kind === 'router'
      ? `  ${id(node.name)}{{${label(node.name)}}}`
      : `  ${id(node.name)}[${label(node.name)}]`);
  }
  for (const segment of topology.segments) {
    const networks = segment.networks.length > 0 ? segment.networks.join('<br/>') : 'no addresses';
    lines.push(`  ${segment.id}((${label(networks)}))`);
    // first end, segment, second end: in that order the picture reads left to right.
    const [a, b] = segment.ends.map((end) => label([end.iface, ...end.addresses].join('<br/>')));
    lines.push(`  ${id(segment.ends[0].node)} ---|${a}| ${segment.id}`);
    lines.push(`  ${segment.id} ---|${b}| ${id(segment.ends[1].node)}`);
  }

  const routers = topology.nodes.filter((n) => n.kind === 'router').map((n) => id(n.name));
  lines.push('  classDef router fill:#fde2b8,stroke:#b06000');
  lines.push('  classDef segment fill:#eef2ff,stroke:#8890b0,stroke-dasharray:3 3');
  if (routers.length > 0) lines.push(`  class ${routers.join(',')} router`);
  if (topology.segments.length > 0) lines.push(`  class ${topology.segments.map((s) => s.id).join(',')} segment`);
  lines.push('```');
  return `${lines.join('\n')}\n`;
}
