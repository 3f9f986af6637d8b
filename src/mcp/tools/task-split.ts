/**
 * Splitting a task description into subtasks without a model, and matching each piece to the
 * models (agents) available — `decompose_task`'s structural method, and the matching
 * `assign_subtasks` plans with. Pure functions: no actor, no clock.
 *
 * Splitting: numbered or bulleted lines (`1.`, `2)`, `-`, `*`, `•`) are the pieces when
 * there are two or more; else the sentences (and `; then` / `, then` / `and then` joints);
 * else the whole text, as one piece.
 *
 * Matching: a piece requires each capability of the available models that its text names
 * (`code-review` is named by "code review" or "code-review"); it goes to the model with every
 * such capability and the fewest pieces given so far (ties: the earlier model), else to the
 * model sharing most of them, else to nobody (`null`).
 */

/** What `decompose_task` and `assign_subtasks` know of an available model (agent). */
export interface ModelInfo {
  readonly id: string;
  readonly capabilities: readonly string[];
}

/** Pieces of a task at most. */
export const MAX_PIECES = 50;

const ITEM = /^\s*(?:\d{1,3}[.)]|[-*•]|\([a-z0-9]{1,3}\))\s+(.+)$/i;
const THEN = /\s*(?:;\s*then|,\s*then|\band then)\s+/i;

/** The pieces of a description, as it itemizes them, else as its sentences. */
export function splitStructurally(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const items = lines.flatMap((line) => {
    const match = ITEM.exec(line);
    return match?.[1] ? [match[1].trim()] : [];
  });
  if (items.length >= 2) return items.slice(0, MAX_PIECES);
  const flat = text.replace(/\s+/g, ' ').trim();
  const sentences = flat
    .split(/(?<=[.!?])\s+(?=[A-Z0-9"'(])/)
    .flatMap((sentence) => sentence.split(THEN))
    .map((piece) => piece.trim().replace(/^(?:then|and|also)\s+/i, ''))
    .filter((piece) => /[A-Za-z0-9]/.test(piece));
  if (sentences.length >= 2) return sentences.slice(0, MAX_PIECES);
  return flat === '' ? [] : [flat];
}

const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** Does `text` name `capability` (its words, in order, adjacent)? */
export function names(text: string, capability: string): boolean {
  const wanted = words(capability);
  if (wanted.length === 0) return false;
  const said = words(text);
  for (let i = 0; i + wanted.length <= said.length; i++)
    if (wanted.every((word, j) => said[i + j] === word || said[i + j] === `${word}s`)) return true;
  return false;
}

/** The capabilities of these models that `text` names, in the models' order, once each. */
export function capabilitiesNamed(text: string, models: readonly ModelInfo[]): string[] {
  const found = new Set<string>();
  for (const model of models)
    for (const capability of model.capabilities) if (names(text, capability)) found.add(capability);
  return [...found];
}

/** Pieces given to each model so far, for spreading the next ones. */
export class ModelMatcher {
  readonly #given = new Map<string, number>();

  constructor(private readonly models: readonly ModelInfo[]) {}

  /** The model for a piece needing `needs` (counted as given), or null. */
  match(needs: readonly string[]): string | null {
    const able = this.models.filter((model) => needs.every((need) => model.capabilities.includes(need)));
    const pool = able.length > 0 ? able : this.#closest(needs);
    let best: ModelInfo | undefined;
    for (const model of pool)
      if (!best || (this.#given.get(model.id) ?? 0) < (this.#given.get(best.id) ?? 0)) best = model;
    if (!best) return null;
    this.#given.set(best.id, (this.#given.get(best.id) ?? 0) + 1);
    return best.id;
  }

  /** The models sharing most of `needs` (none when they share nothing, or nothing is needed and none exist). */
  #closest(needs: readonly string[]): ModelInfo[] {
    let most = 0;
    let closest: ModelInfo[] = [];
    for (const model of this.models) {
      const shared = needs.filter((need) => model.capabilities.includes(need)).length;
      if (shared > most) {
        most = shared;
        closest = [model];
      } else if (shared === most && shared > 0) closest.push(model);
    }
    return closest;
  }
}
