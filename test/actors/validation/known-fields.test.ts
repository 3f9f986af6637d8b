/** `knownFieldsAt`: the fields a definition may have at a path, read from its zod schema. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { knownFieldsAt } from '../../../actors/validation/known-fields.js';
import { RawWorkflowSchema } from '../../../actors/workflows/definition/raw-schema.js';

describe('knownFieldsAt', () => {
  it('walks objects, arrays, optionals and unions to the object at the path', () => {
    expect(knownFieldsAt(RawWorkflowSchema, ['steps', 0, 'wait'])).toEqual([
      'delay',
      'schema',
      'signal',
      'until',
    ]);
    expect(knownFieldsAt(RawWorkflowSchema, ['steps', 3, 'parallel'])).toEqual(['branches', 'concurrency']);
    expect(knownFieldsAt(RawWorkflowSchema, ['steps', 0, 'map', 'step'])).toContain('depends_on');
    expect(knownFieldsAt(RawWorkflowSchema, ['trigger'])).toEqual([
      'event',
      'manual',
      'payload',
      'schedule',
      'schema',
      'timezone',
    ]);
  });

  it('answers nothing where the path leads to no object, or past the schema', () => {
    expect(knownFieldsAt(RawWorkflowSchema, ['steps', 'x'])).toEqual([]);
    expect(knownFieldsAt(RawWorkflowSchema, ['nope', 'deeper'])).toEqual([]);
    expect(knownFieldsAt(RawWorkflowSchema, ['constructor'])).toEqual([]);
    expect(knownFieldsAt(RawWorkflowSchema, ['__proto__'])).toEqual([]);
    expect(knownFieldsAt(z.string(), [])).toEqual([]);
  });

  it('walks a record to its values, whatever the key', () => {
    const roles = z.record(
      z.string(),
      z.strictObject({ allow: z.array(z.string()), deny: z.array(z.string()) }),
    );
    expect(knownFieldsAt(roles, ['constructor'])).toEqual(['allow', 'deny']);
    expect(knownFieldsAt(roles, [])).toEqual([]);
  });

  it('follows lazy and piped schemas, and stops on a schema that refers to itself forever', () => {
    const lazy = z.lazy(() => z.object({ a: z.number() }).transform((value) => value));
    expect(knownFieldsAt(lazy, [])).toEqual(['a']);
    const loop: z.ZodType = z.lazy(() => loop);
    expect(knownFieldsAt(loop, [])).toEqual([]);
  });
});
