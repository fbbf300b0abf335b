import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../src/analysis/json-schema.js';
import { SHIPPED } from '../helpers/scenarios.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('netlab schema', () => {
  const schema = scenarioJsonSchema() as Json;
  const node = schema.properties.nodes.additionalProperties.anyOf[0] as Json;

  it('is draft-07 JSON Schema made from the zod schema', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.required).toEqual(['name', 'nodes']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties))
      .toEqual(['name', 'description', 'nodes', 'links', 'checks']);
    expect(schema.properties.name.pattern).toBe('^[a-z0-9][a-z0-9-]*$');
  });

  it('writes out the refinements an editor can check', () => {
    expect(node.properties.interfaces.propertyNames).toEqual({
      type: 'string', pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]*$',
      maxLength: 15, not: { const: 'lo' },
    });
    expect(node.properties.routes.items.anyOf)
      .toEqual([{ required: ['via'] }, { required: ['dev'] }]);
  });

  it('keeps the descriptions editors show', () => {
    const ping = schema.properties.checks.items.properties.ping as Json;
    expect(ping.properties.count.description).toBe('echo requests per attempt (default 3)');
    expect(ping.required).toEqual(['from', 'to']);
  });

  it('is named by the first line of every shipped scenario', () => {
    for (const name of SHIPPED) {
      const file = join(import.meta.dirname, '../../scenarios', `${name}.yaml`);
      const text = readFileSync(file, 'utf8');
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../netlab.schema.json');
    }
  });
});

describe('the committed netlab.schema.json', () => {
  it('is what netlab schema prints now (regenerate: netlab schema > netlab.schema.json)', () => {
    const committed = readFileSync(join(import.meta.dirname, '../../netlab.schema.json'), 'utf8');
    expect(JSON.parse(committed)).toEqual(scenarioJsonSchema());
  });
});
