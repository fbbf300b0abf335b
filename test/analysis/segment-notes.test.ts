import { describe, expect, it } from 'vitest';
import { annotateSegments } from '../../src/analysis/segment-notes.js';
import { planScenario } from '../../src/plan/plan.js';
import { renderPlanScript } from '../../src/plan/render.js';
import { checkScenarioText } from '../../src/run/scenario-file.js';
import { shippedText } from '../helpers/scenarios.js';

function notedLines(text: string): string[] {
  const { scenario } = checkScenarioText('test.yaml', text);
  return renderPlanScript(planScenario(scenario), annotateSegments(scenario))
    .split('\n').filter((line) => line.includes('    # ') && !line.includes(' ping '));
}

describe('netlab plan: each address with its segment, each gateway with its owner', () => {
  it('router-lab', () => {
    expect(notedLines(shippedText('router-lab'))).toEqual([
      'ip -n ns1 address add 192.0.2.1/24 dev ns1-veth0    # segment 192.0.2.0/24: ' +
        'router:gw-veth0 (192.0.2.254) at the other end',
      'ip -n router address add 192.0.2.254/24 dev gw-veth0    # segment 192.0.2.0/24: ' +
        'ns1:ns1-veth0 (192.0.2.1) at the other end',
      'ip -n router address add 198.51.100.254/24 dev gw-veth1    # segment 198.51.100.0/24: ' +
        'ns2:ns2-veth0 (198.51.100.1) at the other end',
      'ip -n ns2 address add 198.51.100.1/24 dev ns2-veth0    # segment 198.51.100.0/24: ' +
        'router:gw-veth1 (198.51.100.254) at the other end',
      'ip -n ns1 route replace default via 192.0.2.254    ' +
        '# gateway 192.0.2.254 is router:gw-veth0',
      'ip -n ns2 route replace default via 198.51.100.254    ' +
        '# gateway 198.51.100.254 is router:gw-veth1',
    ]);
  });

  it('the /24 lesson: ends on different segments, and a subnet on two links', () => {
    expect(notedLines([
      'name: lesson',
      'nodes:',
      '  a: { interfaces: { a0: { address: 192.0.2.1/24 } } }',
      '  b: { interfaces: { b0: { address: 192.0.2.129/25 } } }',
      '  c: { interfaces: { c0: { address: 192.0.2.7/24 } } }',
      '  d: { interfaces: { d0: { address: 203.0.113.1/24 } } }',
      'links: [[a:a0, b:b0], [c:c0, d:d0]]',
    ].join('\n'))).toEqual([
      'ip -n a address add 192.0.2.1/24 dev a0    # segment 192.0.2.0/24: the other end, b:b0, ' +
        'is not on it (192.0.2.129/25); also c:c0 (192.0.2.7), but on another link',
      'ip -n b address add 192.0.2.129/25 dev b0    # segment 192.0.2.128/25: the other end, ' +
        'a:a0, is not on it (192.0.2.1/24)',
      'ip -n c address add 192.0.2.7/24 dev c0    # segment 192.0.2.0/24: the other end, d:d0, ' +
        'is not on it (203.0.113.1/24); also a:a0 (192.0.2.1), but on another link',
      'ip -n d address add 203.0.113.1/24 dev d0    # segment 203.0.113.0/24: the other end, ' +
        'c:c0, is not on it (192.0.2.7/24)',
    ]);
  });
});
