/**
 * The errors the workflow engine's core throws, each a kernel `TroupeError` subclass with a
 * stable `code`, and the path notation every message uses (`steps[2].input.text`).
 *
 * Only misuse is thrown: a definition that cannot run, a payload that does not fit the
 * trigger, an event that is not an event. What goes wrong *inside* a run (a step failing, a
 * budget running out, a gate refusing an output) is not thrown: it is data in the run
 * (`StepError`, `RunError` in run/types.ts), because a run outlives the call that started it.
 */
import { InvalidArgumentError } from '../../src/kernel/index.js';

/** One thing wrong with a definition: where (`steps[1].depends_on[0]`) and what. */
export interface DefinitionIssue {
  readonly path: string;
  readonly message: string;
  /** 1-based line in the YAML/JSON text, when the definition came as text. */
  readonly line?: number;
}

/**
 * A workflow definition was refused. `issues` lists every problem found (not only the
 * first), each naming its path; the message joins them. Code `invalid_argument`.
 */
export class WorkflowDefinitionError extends InvalidArgumentError {
  readonly issues: readonly DefinitionIssue[];
  constructor(issues: readonly DefinitionIssue[]) {
    super('definition', `is invalid: ${issues.map(formatIssue).join('; ')}`);
    this.issues = issues;
  }
}

export function formatIssue(issue: DefinitionIssue): string {
  const where = issue.line === undefined ? '' : ` (line ${issue.line})`;
  return `${issue.path || '(definition)'}: ${issue.message}${where}`;
}

/** A path as written in messages: keys joined by dots, indices in brackets. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$-]*\??$/.test(key)) text += text ? `.${key}` : key;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}
