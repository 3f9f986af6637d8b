/**
 * The last lines a server wrote to stderr, kept for the report of its crash (`crash_loop`
 * shows them) and bounded whatever the server writes: at most `maxLines` lines of at most
 * `maxLineLength` characters each. A line is complete at `\n`; an unfinished last line is
 * shown too, as it may be all a crashing server managed to write. Lines are kept redacted
 * (`security/redaction.ts`): a server that prints its key or a user's email does not get it shown.
 */
import { redactText } from '../../security/redaction.js';

export const STDERR_TAIL_DEFAULTS = { maxLines: 20, maxLineLength: 1_000 } as const;

export class StderrTail {
  readonly #maxLines: number;
  readonly #maxLineLength: number;
  readonly #lines: string[] = [];
  #partial = '';

  constructor(
    maxLines: number = STDERR_TAIL_DEFAULTS.maxLines,
    maxLineLength: number = STDERR_TAIL_DEFAULTS.maxLineLength,
  ) {
    this.#maxLines = maxLines;
    this.#maxLineLength = maxLineLength;
  }

  /** Take a chunk of stderr; returns the lines it completed. */
  write(chunk: string): string[] {
    const parts = (this.#partial + chunk).split('\n');
    this.#partial = clip(parts.pop() ?? '', this.#maxLineLength);
    // Kept and handed on redacted: the lines end up in statuses, health reasons and logs.
    const completed = parts.map((line) => redactText(clip(line.replace(/\r$/, ''), this.#maxLineLength)));
    for (const line of completed) this.#push(line);
    return completed;
  }

  /** The kept lines, oldest first, with an unfinished last line if any. */
  lines(): string[] {
    const lines = this.#partial === '' ? [...this.#lines] : [...this.#lines, redactText(this.#partial)];
    return lines.slice(-this.#maxLines);
  }

  #push(line: string): void {
    this.#lines.push(line);
    if (this.#lines.length > this.#maxLines) this.#lines.shift();
  }
}

function clip(line: string, max: number): string {
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
