/**
 * `refusalFrom`: anything that went wrong in a tool, as the one refusal shape troupe
 * answers with — `{ code, message, field? }`, the code from the kernel's closed set
 * (`src/kernel/errors/codes.ts`).
 *
 * | what went wrong                                 | code                 | field          |
 * |-------------------------------------------------|----------------------|----------------|
 * | a refusal an actor or the adapter answered with | its own              | its own        |
 * | a `TroupeError` thrown anywhere (ask timeout, …) | its own              | its own        |
 * | a zod error thrown by a handler                 | `invalid_argument`   | the issue path |
 * | anything else                                   | `internal`           | —              |
 *
 * It owns that mapping only; the result's shape is `tool-result.ts`'s.
 */
import { z } from 'zod';
import { isRefusal, type Refusal, refusalOf, TroupeError, type TroupeErrorCode } from '../kernel/index.js';

export function refusalFrom(problem: unknown): Refusal {
  if (isRefusal(problem)) return withField(problem.code, problem.message, problem.field);
  if (problem instanceof TroupeError) return refusalOf(problem);
  if (problem instanceof z.ZodError) {
    const issue = problem.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
    const message = issue ? `${field ?? 'input'} ${issue.message}` : problem.message;
    return withField('invalid_argument', message, field);
  }
  return { code: 'internal', message: problem instanceof Error ? problem.message : String(problem) };
}

function withField(code: TroupeErrorCode, message: string, field: string | undefined): Refusal {
  return field === undefined ? { code, message } : { code, message, field };
}
