import { z } from 'zod';
import { IFACE_MAX_BYTES, ifaceName, scenarioSchema } from '../scenario/schema.js';
import { schemaAt } from '../scenario/schema-walk.js';

/**
 * The scenario's JSON Schema, generated from the zod schema that loads it, for editors
 * (yaml-language-server). Draft-07, which every such editor reads. Refinements have no
 * JSON form of their own; the ones an editor can check are written out here.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const route = schemaAt(scenarioSchema, ['nodes', 'node', 'routes', 0]);
  const generated = z.toJSONSchema(scenarioSchema, {
    target: 'draft-07',
    io: 'input',
    override(ctx) {
      if (ctx.zodSchema === ifaceName) {
        // Names are ASCII by their pattern, so bytes and characters agree.
        Object.assign(ctx.jsonSchema, { maxLength: IFACE_MAX_BYTES, not: { const: 'lo' } });
      }
      if (route && (ctx.zodSchema as unknown) === route) {
        ctx.jsonSchema.anyOf = [{ required: ['via'] }, { required: ['dev'] }];
      }
    },
  }) as Record<string, unknown>;

  return {
    $schema: generated.$schema,
    title: 'netlab scenario',
    description: 'A network lab: namespaces (nodes), veth pairs (links), addresses, routes, ' +
      'sysctls and ping checks. See docs/scenario-format.md.',
    ...generated,
  };
}
