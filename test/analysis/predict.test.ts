import { describe, expect, it } from 'vitest';
import { predictChecks, predictPing } from '../../src/analysis/predict.js';
import type { Prediction } from '../../src/analysis/predict.js';
import { renderPrediction } from '../../src/analysis/prediction-text.js';
import { checkScenarioText } from '../../src/run/scenario-file.js';
import type { Scenario } from '../../src/scenario/model.js';
import { SHIPPED, shippedText } from '../helpers/scenarios.js';
import { KNOWN_ANSWER_LABS, labText } from './labs.js';

function scenarioOf(text: string): Scenario {
  return checkScenarioText('test.yaml', text).scenario;
}

function hops(prediction: Prediction, direction: 'there' | 'back'): string[] {
  const leg = direction === 'there' ? prediction.there : prediction.back;
  return (leg?.hops ?? []).map((hop) => `${hop.node} ${hop.action}`);
}

describe('every known answer is what netlab predicts', () => {
  for (const name of [...SHIPPED, ...KNOWN_ANSWER_LABS]) {
    it(name, () => {
      const text = SHIPPED.includes(name as never) ? shippedText(name) : labText(name);
      const scenario = scenarioOf(text);
      const predictions = predictChecks(scenario);
      expect(predictions.map((p, i) => [p.outcome, scenario.checks[i]?.ttl && p.ttl]))
        .toEqual(scenario.checks.map((c) => [c.expect, c.ttl]));
    });
  }
});

describe('the first place a ping breaks, and why', () => {
  const cases: [string, number, string, 'there' | 'back'][] = [
    ['missing-return-route', 0, 'ns2: no route back to 192.0.2.0/24', 'back'],
    ['missing-return-route', 2, 'ns2: no route to 192.0.2.1', 'there'],
    ['forwarding-off', 0,
      'router: forwarding is off (sysctl net.ipv4.ip_forward=0, netlab\'s default)', 'there'],
    ['one-interface-forwards', 0,
      'router: forwarding is off (sysctl net.ipv4.conf.gw-veth1.forwarding=0)', 'back'],
    ['one-interface-forwards', 1,
      'router: forwarding is off (sysctl net.ipv4.conf.gw-veth1.forwarding=0)', 'there'],
    ['gateway-absent', 0, 'ns1: gateway 192.0.2.253 does not answer on ns1-veth0: the other ' +
      'end, router:gw-veth0, has only 192.0.2.254', 'there'],
    ['more-specific', 2, 'r2: no route back to 192.0.2.0/26', 'back'],
    ['more-specific', 3, 'r1: no route to 192.0.2.65', 'there'],
    ['two-routers', 3, 'r2 → r1 → r2: a routing loop; 203.0.113.200 goes round until ' +
      'its TTL runs out', 'there'],
    ['ipv6-chain', 3, 'r1: no route to 2001:db8:99::1; no node of this lab has it', 'there'],
    ['ipv6-forwarding-off', 0, 'router: forwarding is off (sysctl ' +
      'net.ipv6.conf.all.forwarding=0, netlab\'s default)', 'there'],
    ['reverse-path', 1, 'ns1: gateway 192.0.2.254 does not answer on a0: router drops packets ' +
      'from 198.51.100.1 that arrive on r0: its route back to them leaves by r1, and the ' +
      'strict reverse-path filter wants the same interface ' +
      '(sysctl net.ipv4.conf.all.rp_filter=1)', 'there'],
    ['settings', 0, 'b: ignores echo requests (sysctl net.ipv4.icmp_echo_ignore_all=1)', 'there'],
    ['settings', 3, 'a: 198.51.100.255 is the broadcast address of 198.51.100.0/24; ping ' +
      'refuses it without -b', 'there'],
  ];
  for (const [lab, index, reason, direction] of cases) {
    it(`${lab} checks[${index}]`, () => {
      const prediction = predictChecks(scenarioOf(labText(lab)))[index];
      expect([prediction?.broken?.reason, prediction?.broken?.direction])
        .toEqual([reason, direction]);
    });
  }
});

describe('paths and addresses', () => {
  it('router-lab: there and back through the router, TTL 63', () => {
    const [first] = predictChecks(scenarioOf(shippedText('router-lab')));
    expect(hops(first as Prediction, 'there'))
      .toEqual(['ns1 send', 'router forward', 'ns2 deliver']);
    expect(hops(first as Prediction, 'back'))
      .toEqual(['ns2 send', 'router forward', 'ns1 deliver']);
    expect(first?.ttl).toBe(63);
  });

  it('the more specific route wins, and the source is the address on its way out', () => {
    const prediction = predictChecks(scenarioOf(labText('more-specific')))[0];
    expect(prediction?.there.hops.map((h) => h.node)).toEqual(['ns1', 'r2', 'h2']);
    expect(prediction?.there.hops[0]?.route?.network).toBe('203.0.113.0/24');
    expect(prediction?.source).toBe('192.0.2.65');
  });

  it('a router answers for its far address without forwarding', () => {
    const prediction = predictChecks(scenarioOf(labText('forwarding-off')))[1];
    expect(hops(prediction as Prediction, 'there')).toEqual(['ns1 send', 'router deliver']);
    expect(prediction?.there.hops[1]?.holder).toBe('gw-veth1');
  });

  // Both a0 addresses match the /64 equally; the kernel then takes the newest (checked on
  // the real kernel with ip -6 route get, and by the source-selection lab).
  it('IPv6 picks the source by the outgoing interface, prefix, then the newest address', () => {
    const scenario = scenarioOf([
      'name: v6-source',
      'nodes:',
      '  a: { interfaces: { a0: { address: ["2001:db8:1::1/64", "2001:db8:1:0:8000::1/64"] },',
      '                     a1: { address: "2001:db8:2::1/64" } } }',
      '  b: { interfaces: { b0: { address: "2001:db8:1::2/64" } } }',
      '  c: { interfaces: { c0: { address: "2001:db8:2::2/64" } } }',
      'links: [[a:a0, b:b0], [a:a1, c:c0]]',
    ].join('\n'));
    expect(predictPing(scenario, { from: 'a', to: '2001:db8:1::2' }).source)
      .toBe('2001:db8:1:0:8000::1');
    expect(predictPing(scenario, { from: 'a', to: '2001:db8:2::2' }).source).toBe('2001:db8:2::1');
  });

  it('an IPv4 route to the node\'s own segment takes the connected route\'s place', () => {
    const scenario = scenarioOf([
      'name: own-segment',
      'nodes:',
      '  a: { interfaces: { a0: { address: 192.0.2.1/24 } },',
      '       routes: [{ to: 192.0.2.0/24, via: 192.0.2.2 }] }',
      '  b: { interfaces: { b0: { address: 192.0.2.2/24 } } }',
      'links: [[a:a0, b:b0]]',
    ].join('\n'));
    const route = predictPing(scenario, { from: 'a', to: '192.0.2.2' }).there.hops[0]?.route;
    expect([route?.origin.kind, route?.via]).toEqual(['static', '192.0.2.2']);
  });

  it('a node that is not there cannot ping', () => {
    const scenario = scenarioOf(shippedText('router-lab'));
    const prediction = predictPing(scenario, { from: 'ns9', to: '192.0.2.1' });
    expect([prediction.outcome, prediction.broken?.reason])
      .toEqual(['unreachable', 'ns9: there is no such node']);
  });
});

describe('explain text', () => {
  it('router-lab, there and back', () => {
    const scenario = scenarioOf(shippedText('router-lab'));
    const [first] = predictChecks(scenario);
    expect(renderPrediction(first as Prediction, scenario.checks[0]).join('\n')).toBe([
      'checks[0]: ns1 reaches ns2 through the router',
      '  ns1 → 198.51.100.1 from 192.0.2.1',
      '  there:',
      '    1. ns1 sends to router:gw-veth0, route default via 192.0.2.254 dev ns1-veth0 ' +
        '(nodes.ns1.routes[0])',
      '    2. router forwards (in gw-veth0) to ns2:ns2-veth0, ' +
        'route 198.51.100.0/24 dev gw-veth1 (connected)',
      '    3. ns2 receives it on ns2-veth0: 198.51.100.1 is its address on ns2-veth0',
      '  back:',
      '    1. ns2 sends to router:gw-veth1, route default via 198.51.100.254 dev ns2-veth0 ' +
        '(nodes.ns2.routes[0])',
      '    2. router forwards (in gw-veth1) to ns1:ns1-veth0, route 192.0.2.0/24 dev gw-veth0 ' +
        '(connected)',
      '    3. ns1 receives it on ns1-veth0: 192.0.2.1 is its address on ns1-veth0',
      '  prediction: reachable, replies with TTL 63 (1 router on the way back)',
      '  the check expects reachable, TTL 63: it agrees',
    ].join('\n'));
  });

  it('where it breaks, with the fix', () => {
    const scenario = scenarioOf(labText('missing-return-route'));
    const prediction = predictPing(scenario, { from: 'ns1', to: '198.51.100.1' });
    expect(renderPrediction(prediction).join('\n')).toBe([
      'ns1 → 198.51.100.1 from 192.0.2.1',
      '  there:',
      '    1. ns1 sends to router:gw-veth0, route default via 192.0.2.254 dev ns1-veth0 ' +
        '(nodes.ns1.routes[0])',
      '    2. router forwards (in gw-veth0) to ns2:ns2-veth0, ' +
        'route 198.51.100.0/24 dev gw-veth1 (connected)',
      '    3. ns2 receives it on ns2-veth0: 198.51.100.1 is its address on ns2-veth0',
      '  back:',
      '    1. ✗ ns2: no route back to 192.0.2.0/24',
      '  prediction: unreachable: ns2: no route back to 192.0.2.0/24',
      '  fix: add { to: 192.0.2.0/24, via: 198.51.100.254 } to nodes.ns2.routes',
    ].join('\n'));
  });
});
