import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderDot } from '../../src/graph/dot.js';
import { renderMermaid } from '../../src/graph/mermaid.js';
import { topologyOf } from '../../src/graph/topology.js';
import { checkScenarioText } from '../../src/run/scenario-file.js';
import { describeReal } from '../helpers/real.js';
import { SHIPPED, shippedText } from '../helpers/scenarios.js';

const topology = (name: string) => topologyOf(checkScenarioText(`${name}.yaml`, shippedText(name)).scenario);

describe('the lab as a picture', () => {
  it('router-lab in Mermaid: hosts as boxes, the router as a hexagon, segments between', () => {
    expect(renderMermaid(topology('router-lab'))).toBe(`\`\`\`mermaid
flowchart LR
  %% router-lab: Two segments joined by a router namespace
  n_ns1["ns1"]
  n_router{{"router"}}
  n_ns2["ns2"]
  segment1(("192.0.2.0/24"))
  n_ns1 ---|"ns1-veth0<br/>192.0.2.1/24"| segment1
  segment1 ---|"gw-veth0<br/>192.0.2.254/24"| n_router
  segment2(("198.51.100.0/24"))
  n_router ---|"gw-veth1<br/>198.51.100.254/24"| segment2
  segment2 ---|"ns2-veth0<br/>198.51.100.1/24"| n_ns2
  classDef router fill:#fde2b8,stroke:#b06000
  classDef segment fill:#eef2ff,stroke:#8890b0,stroke-dasharray:3 3
  class n_router router
  class segment1,segment2 segment
\`\`\`
`);
  });

  it('router-lab in DOT', () => {
    expect(renderDot(topology('router-lab'))).toBe(`graph "router-lab" {
  graph [rankdir=LR, label="router-lab: Two segments joined by a router namespace", labelloc=t, fontname="Helvetica"];
  node [fontname="Helvetica"];
  edge [fontname="Helvetica", fontsize=10];
  "ns1" [shape=box, style=rounded];
  "router" [shape=hexagon, style=filled, fillcolor="#fde2b8"];
  "ns2" [shape=box, style=rounded];
  "segment1" [shape=ellipse, style=dashed, fontsize=10, label="192.0.2.0/24"];
  "ns1" -- "segment1" [label="ns1-veth0\\n192.0.2.1/24"];
  "segment1" -- "router" [label="gw-veth0\\n192.0.2.254/24"];
  "segment2" [shape=ellipse, style=dashed, fontsize=10, label="198.51.100.0/24"];
  "router" -- "segment2" [label="gw-veth1\\n198.51.100.254/24"];
  "segment2" -- "ns2" [label="ns2-veth0\\n198.51.100.1/24"];
}
`);
  });

  it('the same segment: no router, one segment; IPv6 forwarding makes a router too', () => {
    expect(topology('same-segment').nodes.map((n) => n.kind)).toEqual(['host', 'host']);
    expect(topology('same-segment').segments.map((s) => s.networks)).toEqual([['192.0.2.0/24']]);
    expect(topology('router-lab-v6').nodes.map((n) => [n.name, n.kind])).toEqual([
      ['ns1', 'host'], ['router', 'router'], ['ns2', 'host'],
    ]);
  });

  it('names Mermaid cannot take as ids are made safe, and labels keep their quotes escaped', () => {
    const text = 'name: odd\nnodes:\n  a.b: { interfaces: { x0: {} } }\n  c-d: { interfaces: { y0: {} } }\n' +
      'links: [[a.b:x0, c-d:y0]]\n';
    const mermaid = renderMermaid(topologyOf(checkScenarioText('odd.yaml', text).scenario));
    expect(mermaid).toContain('  n_a_b["a.b"]\n  n_c_d["c-d"]\n  segment1(("no addresses"))\n');
  });
});

describeReal('the DOT picture in a real renderer', ['dot'], () => {
  it.each(SHIPPED)('Graphviz renders %s to SVG with every node and segment', (name) => {
    const svg = execFileSync('dot', ['-Tsvg'], { input: renderDot(topology(name)), encoding: 'utf8' });
    expect(svg).toContain('<svg');
    for (const node of topology(name).nodes) expect(svg).toContain(`<title>${node.name}</title>`);
    for (const segment of topology(name).segments) expect(svg).toContain(`<title>${segment.id}</title>`);
  });
});
