import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../src/analysis/json-schema.js';
import { registerAnalysisCommands } from '../../src/commands/analysis.js';

interface Ran {
  code: number;
  out: string;
  err: string;
}

// The commands as the CLI registers them, run in this process with their output caught.
async function netlab(...args: string[]): Promise<Ran> {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('netlab').exitOverride();
  registerAnalysisCommands(program, { out: (t) => out.push(t), err: (t) => err.push(t) });
  process.exitCode = undefined;
  await program.parseAsync(['node', 'netlab', ...args]);
  return { code: Number(process.exitCode ?? 0), out: out.join('\n'), err: err.join('\n') };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('netlab validate', () => {
  it('is clean on every shipped scenario', async () => {
    const ran = await netlab('validate', 'same-segment', 'router-lab', 'router-lab-v6');
    expect(ran).toEqual({
      code: 0, err: '',
      out: 'scenarios/same-segment.yaml: ok\nscenarios/router-lab.yaml: ok\n' +
        'scenarios/router-lab-v6.yaml: ok',
    });
  });

  it('reports every file, and exits 2 when one has an error', async () => {
    const file = 'test/fixtures/broken/checks.yaml';
    const ran = await netlab('validate', 'router-lab', file, 'nosuch');
    expect(ran.code).toBe(2);
    expect(ran.out.split('\n').filter((line) => /: (ok|\d+ error|error:)/.test(line))).toEqual([
      'scenarios/router-lab.yaml: ok',
      `${file}:12:19: error: checks[0].ping.from: node "ns3" is not defined`,
      `${file}:13:19: error: checks[1].ping.from: node "nsx" is not defined`,
      `${file}:14:47: error: checks[2].ping.source: 192.0.2.2 is not an address of ns1 ` +
        '(ping would fail with "Cannot assign requested address")',
      `${file}: 3 errors`,
      'nosuch: error: no scenario named nosuch',
    ]);
  });

  it('exits 0 on warnings, and 2 with --strict', async () => {
    const file = 'test/fixtures/broken/link-subnets.yaml';
    expect((await netlab('validate', file)).code).toBe(0);
    const strict = await netlab('validate', '--strict', file);
    expect(strict.code).toBe(2);
    expect(strict.out).toContain(`${file}: 2 errors`);
  });
});

describe('netlab explain', () => {
  it('one ping, hop by hop', async () => {
    const ran = await netlab('explain', 'router-lab', '--from', 'ns1', '--to', '203.0.113.7');
    expect(ran).toEqual({
      code: 0, err: '',
      out: [
        'ns1 → 203.0.113.7 from 192.0.2.1',
        '  there:',
        '    1. ns1 sends to router:gw-veth0, route default via 192.0.2.254 dev ns1-veth0 ' +
          '(nodes.ns1.routes[0])',
        '    2. ✗ router: no route to 203.0.113.7; no node of this lab has it',
        '  prediction: unreachable: router: no route to 203.0.113.7; no node of this lab has it',
      ].join('\n'),
    });
  });

  it('every check of the lab, there and back', async () => {
    const ran = await netlab('explain', 'router-lab');
    expect(ran.out.split('\n').filter((line) => !line.startsWith('    '))).toEqual([
      'checks[0]: ns1 reaches ns2 through the router',
      '  ns1 → 198.51.100.1 from 192.0.2.1',
      '  there:',
      '  back:',
      '  prediction: reachable, replies with TTL 63 (1 router on the way back)',
      '  the check expects reachable, TTL 63: it agrees',
      '',
      'checks[1]: ns2 reaches ns1 back',
      '  ns2 → 192.0.2.1 from 198.51.100.1',
      '  there:',
      '  back:',
      '  prediction: reachable, replies with TTL 63 (1 router on the way back)',
      '  the check expects reachable: it agrees',
    ]);
  });

  it('says what is wrong with the question', async () => {
    await expect(netlab('explain', 'router-lab', '--from', 'ns1')).rejects
      .toThrow('explain needs both --from NODE and --to ADDRESS');
    await expect(netlab('explain', 'router-lab', '--from', 'ns3', '--to', '192.0.2.1')).rejects
      .toThrow('--from ns3: router-lab has no such node; did you mean ns1?');
    await expect(netlab('explain', 'router-lab', '--from', 'ns1', '--to', '192.0.2.1/24')).rejects
      .toThrow('--to 192.0.2.1/24: not an IPv4 or IPv6 address (no prefix)');
    await expect(netlab('explain', 'router-lab', '--from', 'ns1', '--to', '192.0.2.254',
      '--source', '192.0.2.9')).rejects
      .toThrow('--source 192.0.2.9: not an address of ns1; it has 192.0.2.1');
  });
});

describe('netlab schema', () => {
  it('prints the JSON Schema', async () => {
    const ran = await netlab('schema');
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.out)).toEqual(scenarioJsonSchema());
  });
});
