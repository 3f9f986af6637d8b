/**
 * Turning `spawn(kind, options)` into a `SpawnSpec`: validation of the options, id
 * generation, placement, and the layering of defaults (system → kind → spawn options).
 * Shared by the main thread (`system.spawn`) and workers (`ctx.spawn`).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { InvalidArgumentError } from '../errors.js';
import { DEFAULT_RESTART, type RestartType, type SupervisionSpec } from '../supervision/spec.js';
import { type ActorBehaviour, type ActorKindRef, isBehaviour } from './behaviour.js';
import type { SpawnOptions } from './context.js';
import type { MailboxSpec } from './mailbox.js';
import { homeThread } from './placement.js';
import { ActorRef } from './ref.js';
import {
  MailboxSchema,
  parseOptions,
  RestartSchema,
  resolveMailbox,
  resolveSupervision,
  SupervisionSchema,
} from './spawn-options.js';

/** An actor's address as plain data. */
export interface Address {
  readonly id: string;
  readonly thread: number;
}

/** Everything needed to (re)create an actor on any thread: the child spec of its supervisor. */
export interface SpawnSpec {
  readonly id: string;
  readonly kind: ActorKindRef;
  readonly args: unknown;
  readonly thread: number;
  /** `null`: the root supervisor on the main thread. */
  readonly parent: Address | null;
  readonly restart: RestartType;
  readonly supervision: SupervisionSpec;
  readonly mailbox: MailboxSpec;
  /** Kept in the store (a system with a data directory and a kind not marked `persistent: false`). */
  readonly persistent: boolean;
}

const SpawnOptionsSchema = z
  .object({
    id: z.string().min(1).max(512),
    args: z.unknown(),
    parent: z.instanceof(ActorRef),
    supervision: SupervisionSchema,
    restart: RestartSchema,
    mailbox: MailboxSchema,
  })
  .strict()
  .partial();

/** One kind ref per behaviour, shared by every spec of that kind (and a fast key for kind lookups). */
const kindRefs = new WeakMap<object, ActorKindRef>();

function kindRefOf(kind: ActorBehaviour<unknown, unknown, unknown>): ActorKindRef {
  let ref = kindRefs.get(kind);
  if (!ref) {
    ref = Object.freeze({ module: kind.module, name: kind.name });
    kindRefs.set(kind, ref);
  }
  return ref;
}

export interface SpawnDefaults {
  readonly mailbox: MailboxSpec;
  readonly supervision: SupervisionSpec;
  /** The system has a store: kinds are durable unless they say `persistent: false`. */
  readonly durable: boolean;
}

/** Generates ids unique across threads and process restarts: `<kind>-<random prefix>.<counter>`. */
export class IdGenerator {
  private readonly prefix = randomBytes(4).toString('hex');
  /** `<kind>-<prefix>.` per kind name, built once. */
  private readonly kindPrefixes = new Map<string, string>();
  private counter = 0;

  next(kindName: string): string {
    let kindPrefix = this.kindPrefixes.get(kindName);
    if (kindPrefix === undefined) {
      kindPrefix = `${kindName}-${this.prefix}.`;
      this.kindPrefixes.set(kindName, kindPrefix);
    }
    const id = kindPrefix + (this.counter++).toString(36);
    // A concatenation is a rope (a cons string, 32 B, over its two parts) until something
    // reads its characters; reading one flattens it into one sequential string, which the
    // GC then puts in the rope's place: ~40 B per id kept instead of ~100 (rope + parts).
    id.charCodeAt(0);
    return id;
  }
}

export function resolveSpawnSpec(
  kind: ActorBehaviour<unknown, unknown, unknown>,
  options: SpawnOptions<unknown> | undefined,
  context: {
    readonly defaults: SpawnDefaults;
    readonly threads: number;
    readonly ids: IdGenerator;
    /** Where a generated id lives (the parent's thread for ctx.spawn); explicit ids hash. */
    readonly generatedThread: (id: string) => number;
    readonly parent: Address | null;
  },
): SpawnSpec {
  if (!isBehaviour(kind))
    throw new InvalidArgumentError('kind', 'must be an actor kind made by defineActor()');
  const opts = options ?? {};
  // Fast path for the common spawn({ args }) / spawn({ id, args }): no schema pass.
  const simple =
    opts.supervision === undefined &&
    opts.mailbox === undefined &&
    opts.restart === undefined &&
    opts.parent === undefined;
  if (!simple || typeof opts !== 'object') parseOptions(SpawnOptionsSchema, opts, 'options');
  else if (
    opts.id !== undefined &&
    (typeof opts.id !== 'string' || opts.id.length === 0 || opts.id.length > 512)
  ) {
    throw new InvalidArgumentError('options.id', 'must be a non-empty string of at most 512 characters');
  }
  const id = opts.id ?? context.ids.next(kind.name);
  const thread = opts.id !== undefined ? homeThread(id, context.threads) : context.generatedThread(id);
  const { defaults } = context;
  const kindSupervision = kind.supervision
    ? resolveSupervision(defaults.supervision, kind.supervision)
    : defaults.supervision;
  const kindMailbox = kind.mailbox ? resolveMailbox(defaults.mailbox, kind.mailbox) : defaults.mailbox;
  return {
    id,
    kind: kindRefOf(kind),
    args: opts.args,
    thread,
    parent: context.parent,
    restart: opts.restart ?? kind.restart ?? DEFAULT_RESTART,
    supervision: opts.supervision ? resolveSupervision(kindSupervision, opts.supervision) : kindSupervision,
    mailbox: opts.mailbox ? resolveMailbox(kindMailbox, opts.mailbox) : kindMailbox,
    persistent: defaults.durable && kind.persistent !== false,
  };
}
