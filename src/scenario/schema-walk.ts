import type { z } from 'zod';
import type { FieldPath } from './source.js';

type AnySchema = z.ZodType;

interface Def {
  type: string;
  shape?: Record<string, AnySchema>;
  valueType?: AnySchema;
  element?: AnySchema;
  items?: AnySchema[];
  innerType?: AnySchema;
  in?: AnySchema;
  options?: AnySchema[];
}

function defOf(schema: AnySchema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Strip the wrappers that do not change what a value may contain. */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (let depth = 0; depth < 10; depth++) {
    const def = defOf(current);
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!inner) return current;
    current = inner;
  }
  return current;
}

/** The part of the schema that describes the value at `path`, if the path fits it. */
export function schemaAt(schema: AnySchema, path: FieldPath): AnySchema | undefined {
  let current: AnySchema | undefined = unwrap(schema);
  for (const segment of path) {
    if (!current) return undefined;
    const def = defOf(current);
    let next: AnySchema | undefined;
    if (def.type === 'object') next = def.shape?.[String(segment)];
    else if (def.type === 'record') next = def.valueType;
    else if (def.type === 'array') next = def.element;
    else if (def.type === 'tuple') next = def.items?.[Number(segment)];
    else if (def.type === 'union') {
      next = def.options?.map((o) => schemaAt(o, [segment])).find(Boolean);
    }
    current = next ? unwrap(next) : undefined;
  }
  return current;
}

/** The keys an object at `path` allows, in the schema's order. */
export function keysAt(schema: AnySchema, path: FieldPath): string[] {
  const at = schemaAt(schema, path);
  if (!at) return [];
  const def = defOf(at);
  return def.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

export function describeAt(schema: AnySchema, path: FieldPath): string | undefined {
  const parent = schemaAt(schema, path.slice(0, -1));
  if (!parent) return undefined;
  const field = defOf(parent).shape?.[String(path[path.length - 1])];
  return field?.description;
}
