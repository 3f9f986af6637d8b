/**
 * `system.deadLetters()`: what an operator does with the quarantined messages of durable
 * actors, which the runtime sets aside in the store instead of deleting them
 * (`worker/failure.ts`): list them, replay one (back into its actor's inbox as a new message,
 * atomically with its removal from the dead letters) or discard one. Every argument is
 * validated; a bad one is an `InvalidArgumentError` naming it.
 *
 * It does not decide what is quarantined (the worker's supervision does), and the commit of a
 * replay is the main thread's store handle's (`main-store.ts`).
 */
import { z } from 'zod';
import type { ErrorRecord } from '../errors.js';
import { InvalidArgumentError } from '../errors.js';
import type { Store } from '../persistence/store.js';
import { parseOrThrow } from '../validation.js';
import type { MainStore } from './main-store.js';

/** One quarantined message, as the operator sees it. */
export interface DeadLetter {
  readonly actorId: string;
  /** The inbox seq it had: with `actorId`, what names it for `replay` and `discard`. */
  readonly seq: number;
  readonly message: unknown;
  /** The error of its last failed attempt. */
  readonly error: ErrorRecord;
  readonly attempts: number;
  /** When it was quarantined (epoch ms). */
  readonly at: number;
}

export interface DeadLetterOperator {
  /** The dead letters in (actor, seq) order — of `actorId` only, when given — at most `limit` (default 100, at most 1000). */
  list(actorId?: string, limit?: number): DeadLetter[];
  /**
   * Put the dead letter back into its actor's inbox as a new message (and out of the dead
   * letters), in one commit. Resolves false when there is no such dead letter; rejects with
   * `ActorNotFoundError` when its actor is gone (the dead letter stays).
   */
  replay(actorId: string, seq: number): Promise<boolean>;
  /** Remove the dead letter for good. Resolves false when there is no such dead letter. */
  discard(actorId: string, seq: number): Promise<boolean>;
}

export const DEFAULT_DEAD_LETTER_PAGE = 100;
export const MAX_DEAD_LETTER_PAGE = 1_000;

const ActorIdSchema = z.string().min(1, 'must be a non-empty string');
const SeqSchema = z.number().int().positive();
const LimitSchema = z.number().int().min(1).max(MAX_DEAD_LETTER_PAGE);

function parse<T extends z.ZodType>(schema: T, value: unknown, name: string): z.output<T> {
  return parseOrThrow(schema, value, name, (path, wording) => new InvalidArgumentError(path, wording));
}

/** The operator over `main`'s store; `threadOf` gives a stored actor's home thread. */
export function createDeadLetterOperator(
  main: Pick<MainStore, 'requeue'> & { readonly store: Store },
  threadOf: (actorId: string) => number,
): DeadLetterOperator {
  const { store } = main;
  return {
    list(actorId, limit = DEFAULT_DEAD_LETTER_PAGE) {
      const id = actorId === undefined ? undefined : parse(ActorIdSchema, actorId, 'actorId');
      return store.deadLetters(id, parse(LimitSchema, limit, 'limit')).map(({ key, value }) => ({
        actorId: key[0],
        seq: key[1],
        message: value.message,
        error: value.error,
        attempts: value.attempts,
        at: value.at,
      }));
    },
    async replay(actorId, seq) {
      const id = parse(ActorIdSchema, actorId, 'actorId');
      const at = parse(SeqSchema, seq, 'seq');
      return (await main.requeue(id, at, threadOf(id))) !== null;
    },
    async discard(actorId, seq) {
      const key = [parse(ActorIdSchema, actorId, 'actorId'), parse(SeqSchema, seq, 'seq')] as const;
      let found = false;
      const outcome = await store.commit([
        (w) => {
          found = w.getDeadLetter(key) !== undefined;
          if (found) w.removeDeadLetter(key);
        },
      ]);
      const failed = outcome.failed.get(0);
      if (failed) throw failed;
      return found;
    },
  };
}
