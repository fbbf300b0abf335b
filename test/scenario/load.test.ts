import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/scenario/diagnostics.js';
import { checkScenarioText } from '../../src/run/scenario-file.js';
import { shippedText, SHIPPED } from '../helpers/scenarios.js';

function problems(text: string): string {
  try {
    checkScenarioText('lab.yaml', text);
  } catch (error) {
    if (error instanceof ScenarioError) return error.message;
    throw error;
  }
  return 'no problems';
}

const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;

describe('loading a scenario', () => {
  it.each(SHIPPED)('%s loads without findings', (name) => {
    const loaded = checkScenarioText(`${name}.yaml`, shippedText(name));
    expect(loaded.warnings).toEqual([]);
    expect(loaded.scenario.name).toBe(name);
  });

  it('keeps the model of router-lab: addresses, routes, sysctl, checks with defaults', () => {
    const { scenario } = checkScenarioText('router-lab.yaml', shippedText('router-lab'));
    const router = scenario.nodes.find((n) => n.name === 'router');
    expect(router?.sysctl).toEqual({ 'net.ipv4.ip_forward': '1' });
    expect(router?.interfaces.map((i) => i.addresses.map((a) => a.network))).toEqual([
      ['192.0.2.0/24'], ['198.51.100.0/24'],
    ]);
    expect(scenario.nodes[0]?.routes).toEqual([
      { to: 'default', family: 4, via: '192.0.2.254', dev: undefined, path: ['nodes', 'ns1', 'routes', 0] },
    ]);
    expect(scenario.checks[0]).toMatchObject({
      id: 'c1', from: 'ns1', to: '198.51.100.1', source: '192.0.2.1', expect: 'reachable', ttl: 63,
      count: 3, timeout: 1,
    });
  });

  it('a file saved with CRLF line endings behaves exactly like its LF twin', () => {
    const lf = checkScenarioText('a.yaml', shippedText('router-lab')).scenario;
    const crlf = checkScenarioText('a.yaml', shippedText('router-lab').replace(/\n/g, '\r\n')).scenario;
    expect(crlf).toEqual(lf);
    const broken = yaml('name: x', 'nodes:', '  a:', '    interfaces: { a0: { adress: 192.0.2.1/24 } }');
    expect(problems(broken.replace(/\n/g, '\r\n'))).toBe(problems(broken));
  });

  it('several addresses per interface, IPv4 and IPv6, and prefix routes', () => {
    const { scenario } = checkScenarioText('a.yaml', yaml(
      'name: multi',
      'nodes:',
      '  a:',
      '    interfaces:',
      '      a0: { address: [192.0.2.1/24, "2001:db8::1/64"] }',
      '    routes:',
      '      - { to: 203.0.113.0/24, via: 192.0.2.2 }',
      '      - { to: "2001:db8:5::/48", via: "2001:db8::2", dev: a0 }',
      '  b:',
      '    interfaces: { b0: { address: [192.0.2.2/24, "2001:db8::2/64"] } }',
      'links: [[a:a0, b:b0]]',
    ));
    const a = scenario.nodes[0];
    expect(a?.interfaces[0]?.addresses.map((x) => [x.cidr, x.family])).toEqual([
      ['192.0.2.1/24', 4], ['2001:db8::1/64', 6],
    ]);
    expect(a?.routes.map((r) => [r.to, r.family, r.via, r.dev])).toEqual([
      ['203.0.113.0/24', 4, '192.0.2.2', undefined], ['2001:db8:5::/48', 6, '2001:db8::2', 'a0'],
    ]);
  });

  it('reports every structural problem at once, each with line, column and field', () => {
    expect(problems(yaml(
      'name: Router Lab',
      'nodes:',
      '  ns1:',
      '    interfaces:',
      '      ns1-veth0: { adress: 192.0.2.1/24 }',
      '      a-very-long-interface: {}',
      '    routs: []',
      'checks:',
      '  - ping: { from: ns1 }',
      '    expect: maybe',
    ))).toBe([
      'lab.yaml: 6 errors',
      'lab.yaml:1:7: error: name: the lab name may use only lower-case letters, digits and "-", ' +
        'and must start with a letter or digit',
      '  fix: name: the lab\'s name, such as router-lab (lower case, digits and "-")',
      'lab.yaml:5:20: error: nodes.ns1.interfaces.ns1-veth0.adress: unknown key "adress"',
      '  fix: did you mean "address"?',
      'lab.yaml:6:7: error: nodes.ns1.interfaces.a-very-long-interface: interface name ' +
        '"a-very-long-interface" is 21 characters; the kernel allows at most 15',
      'lab.yaml:7:5: error: nodes.ns1.routs: unknown key "routs"',
      '  fix: did you mean "routes"?',
      'lab.yaml:9:11: error: checks[0].ping.to: "to" is missing',
      '  fix: add to: the address to ping',
      'lab.yaml:10:13: error: checks[0].expect: expect must be "reachable" or "unreachable"',
    ].join('\n'));
  });

  it('reports the contract rules: gateway off-link, unknown nodes, unlinked and reused ends', () => {
    expect(problems(yaml(
      'name: broken',
      'nodes:',
      '  ns1:',
      '    interfaces: { ns1-veth0: { address: 192.0.2.1/24 }, spare0: {} }',
      '    routes:',
      '      - { to: default, via: 198.51.100.254 }',
      '  ns2:',
      '    interfaces: { ns2-veth0: { address: 192.0.2.1/24 } }',
      'links:',
      '  - [ns1:ns1-veth0, ns2:ns2-veth0]',
      '  - [ns1:ns1-veth0, ns3:x0]',
      'checks:',
      '  - ping: { from: ns1, to: 192.0.2.9, source: 192.0.2.7 }',
    ))).toBe([
      'lab.yaml: 6 errors',
      'lab.yaml:4:57: error: nodes.ns1.interfaces.spare0: interface ns1:spare0 is in no link',
      '  fix: add a link [ns1:spare0, OTHER:INTERFACE], or remove the interface',
      'lab.yaml:6:29: error: nodes.ns1.routes[0].via: gateway 198.51.100.254 is on none of ' +
        'ns1\'s segments (192.0.2.0/24); the kernel would refuse the route with ' +
        '"Nexthop has invalid gateway"',
      '  fix: use the address of a neighbour on 192.0.2.0/24, or give ns1 an address in ' +
        '198.51.100.254\'s segment',
      'lab.yaml:8:41: error: nodes.ns2.interfaces.ns2-veth0.address: 192.0.2.1 is also the ' +
        'address of ns1:ns1-veth0',
      '  fix: give every interface its own address',
      'lab.yaml:11:6: error: links[1][0]: ns1:ns1-veth0 is already an end of links[0]; a veth ' +
        'end belongs to one link',
      '  fix: give ns1 another interface for this link',
      'lab.yaml:11:21: error: links[1][1]: node "ns3" is not defined',
      '  fix: did you mean "ns1"?',
      'lab.yaml:13:47: error: checks[0].ping.source: 192.0.2.7 is not an address of ns1 ' +
        '(ping would fail with "Cannot assign requested address")',
      '  fix: use one of 192.0.2.1',
    ].join('\n'));
  });

  it('addresses without a prefix, that do not parse, or routes with host bits', () => {
    expect(problems(yaml(
      'name: addresses',
      'nodes:',
      '  a:',
      '    interfaces: { a0: { address: [192.0.2.1, 192.0.2.300/24, "2001:db8::1/129"] } }',
      '    routes: [{ to: 203.0.113.7/24, via: 192.0.2.2 }]',
      '  b: { interfaces: { b0: { address: 192.0.2.2/24 } } }',
      'links: [[a:a0, b:b0]]',
    ))).toBe([
      'lab.yaml: 4 errors',
      'lab.yaml:4:35: error: nodes.a.interfaces.a0.address[0]: 192.0.2.1 has no prefix length',
      '  fix: write 192.0.2.1/24: the prefix length says which addresses share this segment',
      'lab.yaml:4:46: error: nodes.a.interfaces.a0.address[1]: "192.0.2.300/24" is not an IPv4 ' +
        'or IPv6 address with a prefix',
      '  fix: write it as 192.0.2.1/24 or 2001:db8::1/64',
      'lab.yaml:4:62: error: nodes.a.interfaces.a0.address[2]: 2001:db8::1/129: the prefix ' +
        'length must be 0 to 32 for IPv4 and 0 to 128 for IPv6',
      '  fix: use the segment\'s prefix length, such as /24 or /64',
      'lab.yaml:5:20: error: nodes.a.routes[0].to: 203.0.113.7/24 has host bits set; a route goes ' +
        'to a network',
      '  fix: write 203.0.113.0/24',
    ].join('\n'));
  });

  it('YAML syntax errors point at the line', () => {
    expect(problems('name: x\nnodes:\n  a: [unclosed\n')).toBe([
      'lab.yaml: 1 error',
      'lab.yaml:4:1: error: YAML syntax: Flow sequence in block collection must be sufficiently ' +
        'indented and end with a ]',
      '  fix: check the indentation and the quoting on this line',
    ].join('\n'));
  });

  it('sysctls outside net.* are refused: they would change the whole guest', () => {
    expect(problems(yaml(
      'name: global',
      'nodes:',
      '  a: { sysctl: { kernel.panic: 1 } }',
    ))).toBe([
      'lab.yaml: 1 error',
      'lab.yaml:3:18: error: nodes.a.sysctl["kernel.panic"]: kernel.panic is not a network ' +
        'namespace setting; it would change the whole guest',
      '  fix: a node sets only net.* keys, such as net.ipv4.ip_forward',
    ].join('\n'));
  });
});

describe('loading, continued', () => {
  it('a default route through an IPv6-only interface is an IPv6 route', () => {
    const { scenario } = checkScenarioText('a.yaml', [
      'name: v6-dev',
      'nodes:',
      '  a:',
      '    interfaces: { a0: { address: "2001:db8::1/64" } }',
      '    routes: [{ to: default, dev: a0 }]',
      '  b: { interfaces: { b0: { address: "2001:db8::2/64" } } }',
      'links: [[a:a0, b:b0]]',
      '',
    ].join('\n'));
    expect(scenario.nodes[0]?.routes[0]).toMatchObject({ to: 'default', family: 6, dev: 'a0' });
  });

  it('a misspelt key does not hide the file\'s other problems', () => {
    expect(() => checkScenarioText('lab.yaml', [
      'name: typo',
      'nodes:',
      '  a: { interfaces: { a0: { address: 192.0.2.1/24 } }, routs: [] }',
      '  b: { interfaces: { b0: { address: 192.0.2.2/24 } } }',
      'links: [[a:a0, b:b0]]',
      'checks: [{ ping: { from: c, to: 192.0.2.2 } }]',
      '',
    ].join('\n'))).toThrow([
      'lab.yaml: 2 errors',
      'lab.yaml:3:55: error: nodes.a.routs: unknown key "routs"',
      '  fix: did you mean "routes"?',
      'lab.yaml:6:26: error: checks[0].ping.from: node "c" is not defined',
      '  fix: add c under nodes, or use one of a, b',
    ].join('\n'));
  });
});

describe('hostile or odd YAML', () => {
  const problemsOf = (text: string) => {
    try {
      checkScenarioText('lab.yaml', text);
      return 'no problems';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('names are kept as written, not read as numbers', () => {
    const { scenario } = checkScenarioText('a.yaml', [
      'name: numbers',
      'nodes:',
      '  007: { interfaces: { 1.10: { address: 192.0.2.1/24 } } }',
      '  0x1f: { interfaces: { 010: { address: 192.0.2.2/24 } } }',
      'links: [["007:1.10", "0x1f:010"]]',
      '',
    ].join('\n'));
    expect(scenario.nodes.map((n) => [n.name, n.interfaces[0]?.name])).toEqual([['007', '1.10'], ['0x1f', '010']]);
  });

  it('an alias bomb, nesting too deep and bytes that are not UTF-8 are scenario errors', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) =>
      `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    expect(problemsOf(bomb)).toBe('lab.yaml: 1 error\nlab.yaml:1:1: error: the file expands YAML ' +
      'aliases (*name) too often to be a lab\n  fix: write the lab out without aliases, or with a few');
    expect(problemsOf(`name: ${'['.repeat(20000)}`)).toMatch(/error: the file nests too deeply to be a lab/);
    expect(problemsOf('name: caf\uFFFD\n')).toBe('lab.yaml: 1 error\nlab.yaml:1:10: error: the file is ' +
      'not UTF-8 text here: a byte that is no character\n  fix: save the file as UTF-8');
  });

  it('a misspelt value gets a "did you mean", and the rest of the file is still checked', () => {
    expect(problemsOf([
      'name: typo',
      'nodes:',
      '  a: { interfaces: { a0: { address: 192.0.2.1/24 } }, routes: [{ to: default, via: 198.51.100.1 }] }',
      '  b: { interfaces: { b0: { address: 192.0.2.2/24 } } }',
      'links: [[a:a0, b:b0]]',
      'checks: [{ ping: { from: a, to: 192.0.2.2 }, expect: reachble }]',
      '',
    ].join('\n'))).toBe([
      'lab.yaml: 2 errors',
      'lab.yaml:3:84: error: nodes.a.routes[0].via: gateway 198.51.100.1 is on none of a\'s segments ' +
        '(192.0.2.0/24); the kernel would refuse the route with "Nexthop has invalid gateway"',
      '  fix: use the address of a neighbour on 192.0.2.0/24, or give a an address in 198.51.100.1\'s segment',
      'lab.yaml:6:54: error: checks[0].expect: expect must be "reachable" or "unreachable"',
      '  fix: did you mean "reachable"?',
    ].join('\n'));
  });

  it('0.0.0.0/0 and ::/0 are the default route; a second one is caught', () => {
    expect(problemsOf([
      'name: two-defaults',
      'nodes:',
      '  a:',
      '    interfaces: { a0: { address: 192.0.2.1/24 } }',
      '    routes: [{ to: default, via: 192.0.2.2 }, { to: 0.0.0.0/0, via: 192.0.2.3 }]',
      '  b: { interfaces: { b0: { address: 192.0.2.2/24 } } }',
      'links: [[a:a0, b:b0]]',
      '',
    ].join('\n'))).toContain('error: nodes.a.routes[1].to: a second route to default');
  });

  it('interfaces named all or default are refused: the kernel has those names', () => {
    expect(problemsOf('name: x\nnodes:\n  a: { interfaces: { all: {} } }\n')).toContain(
      'error: nodes.a.interfaces.all: "all" is reserved by the kernel (net.ipv4.conf.all); choose another name');
  });
});
