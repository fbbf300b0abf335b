import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractRules, predictionRules } from '../../src/analysis/rules.js';
import { formatValidation, validateScenarioText } from '../../src/analysis/validate.js';
import { loadScenario } from '../../src/scenario/load.js';

const DIR = join(import.meta.dirname, '../fixtures/broken');
const FIXTURES = readdirSync(DIR).filter((name) => name.endsWith('.yaml')).sort();

function read(name: string): string {
  return readFileSync(join(DIR, name), 'utf8');
}

// Each broken scenario sits beside the exact report netlab validate prints for it.
describe('broken scenarios: each reports exactly what its .expected.txt says', () => {
  for (const name of FIXTURES) {
    it(name, () => {
      const shown = `test/fixtures/broken/${name}`;
      const expected = read(name.replace(/\.yaml$/, '.expected.txt'));
      expect(`${formatValidation(validateScenarioText(shown, read(name)))}\n`).toBe(expected);
    });
  }
});

describe('the broken scenarios cover every rule', () => {
  const models = FIXTURES.flatMap((name) => loadScenario(name, read(name)).scenario ?? []);

  for (const rule of [...contractRules, ...predictionRules]) {
    it(rule.name, () => {
      expect(models.some((model) => rule(model).length > 0)).toBe(true);
    });
  }
});

describe('a file with five different mistakes', () => {
  it('reports all five, each at its own line', () => {
    const validation = validateScenarioText('five.yaml', read('five-mistakes.yaml'));
    expect(validation.diagnostics.map((d) => [d.severity, d.position.line])).toEqual([
      ['error', 8], ['error', 11], ['error', 13], ['error', 22], ['error', 23],
    ]);
    const lines = read('five-mistakes.yaml').split('\n');
    expect(validation.diagnostics.map((d) => lines[d.position.line - 1]?.trim())).toEqual([
      '- { to: default, via: 192.0.3.254 }',
      'net.ipv4.ip_forwarding: 1',
      'gw-veth0: { address: 192.0.2.1/24 }',
      '- ping: { from: ns3, to: 198.51.100.1 }',
      '- ping: { from: ns1, to: 198.51.100.1, source: 192.0.2.9 }',
    ]);
  });

  it('with --strict, a warning counts as an error', () => {
    const text = read('link-subnets.yaml');
    expect(validateScenarioText('x.yaml', text).diagnostics.map((d) => d.severity))
      .toEqual(['warning', 'warning']);
    expect(validateScenarioText('x.yaml', text, { strict: true }).diagnostics
      .map((d) => d.severity)).toEqual(['error', 'error']);
  });
});
