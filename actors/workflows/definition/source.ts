/**
 * Reading a definition from text: YAML (the `yaml` package; JSON is YAML too, so one
 * parser reads both) or an object already parsed. Syntax errors become definition issues
 * with their line; every other issue gets the line of the field it names, found by walking
 * the YAML document back along the path.
 *
 * Guarded against hostile text: duplicate keys are refused, and aliases are capped so that
 * a "billion laughs" document cannot expand without bound.
 */
import { isNode, LineCounter, parseDocument } from 'yaml';
import { WorkflowDefinitionError } from '../errors.js';
import { type CompiledWorkflow, compileWorkflow, type LineLocator } from './compile.js';

const MAX_SOURCE_CHARS = 1_000_000;

/** Parse and compile a definition given as YAML/JSON text or as data. Throws `WorkflowDefinitionError`. */
export function parseWorkflowDefinition(source: string | object): CompiledWorkflow {
  if (typeof source !== 'string') return compileWorkflow(source);
  if (source.length > MAX_SOURCE_CHARS) {
    throw new WorkflowDefinitionError([
      { path: '', message: `is ${source.length} characters, over ${MAX_SOURCE_CHARS}` },
    ]);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0) {
    throw new WorkflowDefinitionError(
      document.errors.map((error) => ({
        path: '',
        message: `is not valid YAML/JSON: ${error.message.split('\n')[0]}`,
        line: lineCounter.linePos(error.pos[0]).line,
      })),
    );
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new WorkflowDefinitionError([{ path: '', message: `cannot be read: ${(error as Error).message}` }]);
  }
  const locate: LineLocator = (path) => {
    const keys = parsePath(path);
    for (let length = keys.length; length >= 0; length--) {
      const node = document.getIn(keys.slice(0, length), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return compileWorkflow(data, locate);
}

/** `steps[2].input.text` → ['steps', 2, 'input', 'text'] (the inverse of `formatPath`). */
export function parsePath(path: string): (string | number)[] {
  const keys: (string | number)[] = [];
  const token = /(?:^|\.)([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const match of path.matchAll(token)) {
    if (match[1] !== undefined) keys.push(match[1]);
    else if (match[2] !== undefined) keys.push(Number(match[2]));
    else if (match[3] !== undefined) keys.push(JSON.parse(match[3]) as string);
  }
  return keys;
}
