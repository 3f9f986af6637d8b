/**
 * The fields an object may have at a path of a zod schema (a workflow definition's, a config
 * section's): what an unknown-field error offers, so a misspelt key (`wait.timer_ms`) is
 * answered with the ones that exist (`delay`, `signal`, `schema`, `until`).
 */
import type { z } from 'zod';

/** The parts of a zod (v4) schema's definition this walk reads. */
interface Definition {
  readonly type: string;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly in?: z.ZodType;
  readonly getter?: () => z.ZodType;
}

function definitionOf(schema: z.ZodType): Definition {
  return schema._zod.def as unknown as Definition;
}

/** The object schemas `schema` may be at `path` (several where a union leaves it open). */
function objectsAt(schema: z.ZodType, path: readonly PropertyKey[], depth = 0): z.ZodType[] {
  if (depth > 64) return [];
  const definition = definitionOf(schema);
  switch (definition.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return definition.innerType ? objectsAt(definition.innerType, path, depth + 1) : [];
    case 'pipe':
      return definition.in ? objectsAt(definition.in, path, depth + 1) : [];
    case 'lazy':
      return definition.getter ? objectsAt(definition.getter(), path, depth + 1) : [];
    case 'union':
      return (definition.options ?? []).flatMap((option) => objectsAt(option, path, depth + 1));
    case 'array': {
      const [head, ...rest] = path;
      if (path.length === 0 || typeof head !== 'number' || !definition.element) return [];
      return objectsAt(definition.element, rest, depth + 1);
    }
    case 'record': {
      const [head, ...rest] = path;
      if (path.length === 0 || typeof head !== 'string' || !definition.valueType) return [];
      return objectsAt(definition.valueType, rest, depth + 1);
    }
    case 'object': {
      if (path.length === 0) return [schema];
      const [head, ...rest] = path;
      const shape = definition.shape ?? {};
      if (typeof head !== 'string' || !Object.hasOwn(shape, head)) return [];
      const field = shape[head];
      return field ? objectsAt(field, rest, depth + 1) : [];
    }
    default:
      return [];
  }
}

/** The fields the object at `path` of `schema` may have, sorted; empty where none is known. */
export function knownFieldsAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const fields = new Set<string>();
  for (const object of objectsAt(schema, path))
    for (const key of Object.keys(definitionOf(object).shape ?? {})) fields.add(key);
  return [...fields].sort();
}
