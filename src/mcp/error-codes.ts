/**
 * Error codes the MCP adapter answers with that the kernel's closed set
 * (`src/kernel/errors/codes.ts`) does not list yet — to be moved there, with these meanings,
 * when the adapter's contract is merged; until then a tool error's `code` is one of the
 * kernel's codes or one of these. Also `ToolRefusal`, the refusal shape with either.
 */
import { isTroupeErrorCode, type TroupeErrorCode } from '../kernel/index.js';

export const ADAPTER_ERROR_CODE_MEANINGS = {
  unknown_argument: 'an argument the tool does not take (misspelled, or unknown); `field` names it',
} as const satisfies Record<string, string>;

export type AdapterErrorCode = keyof typeof ADAPTER_ERROR_CODE_MEANINGS;

/** The code of a tool error: the kernel's vocabulary, plus the adapter's own. */
export type ToolErrorCode = TroupeErrorCode | AdapterErrorCode;

export function isToolErrorCode(value: unknown): value is ToolErrorCode {
  return (
    isTroupeErrorCode(value) ||
    (typeof value === 'string' && Object.hasOwn(ADAPTER_ERROR_CODE_MEANINGS, value))
  );
}

/** Why a tool call was refused: a `Refusal` whose code may also be one of the adapter's. */
export interface ToolRefusal {
  readonly code: ToolErrorCode;
  readonly message: string;
  readonly field?: string;
}

export function isToolRefusal(value: unknown): value is ToolRefusal {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message, field } = value as Record<string, unknown>;
  return (
    isToolErrorCode(code) && typeof message === 'string' && (field === undefined || typeof field === 'string')
  );
}
