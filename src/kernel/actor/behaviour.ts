/**
 * The contract of an actor: what a user writes with {@link defineActor}.
 *
 * A behaviour is plain logic — `init`, `receive`, `terminate` — with no runtime in it
 * (the runtime is the cell that runs it on its home thread). `receive` returns the next
 * state or a {@link Directive}; effects (sends, spawns, timers, the reply) go through the
 * context and are applied by the runtime after the turn.
 *
 * An actor *kind* is identified by the module URL and the export name of its behaviour,
 * so any worker thread can import it.
 */
import { InvalidArgumentError } from '../errors.js';
import type { RestartType, SupervisionSpec } from '../supervision/spec.js';
import type { ActorContext } from './context.js';
import type { MailboxOptions } from './mailbox.js';

/** Why an actor terminates. `normal` is a clean stop; anything else is abnormal. */
export type StopReason = 'normal' | 'shutdown' | 'restart' | { readonly failure: string };

export const directiveTag: unique symbol = Symbol.for('troupe.directive');

/** What `receive` may return instead of a bare state: a closed set of instructions. */
export type Directive<State> =
  | { readonly [directiveTag]: 'reply'; readonly value: unknown; readonly state: State }
  | { readonly [directiveTag]: 'stop'; readonly reason: StopReason; readonly state?: State };

/** Reply to the ask being handled and continue with `state`. */
export function reply<State>(value: unknown, state: State): Directive<State> {
  return { [directiveTag]: 'reply', value, state };
}

/** Stop this actor after the turn (children first); `terminate` sees `state` if given. */
export function stop<State>(reason: StopReason = 'normal', state?: State): Directive<State> {
  return { [directiveTag]: 'stop', reason, state };
}

export function isDirective<State>(value: unknown): value is Directive<State> {
  return typeof value === 'object' && value !== null && directiveTag in value;
}

export function directiveKind<State>(directive: Directive<State>): Directive<State>[typeof directiveTag] {
  return directive[directiveTag];
}

export type ReceiveResult<State> = State | Directive<State>;

/** The logic of an actor kind. `Msg` is what it receives, `Args` what `init` is given. */
export interface ActorLogic<Msg, State, Args> {
  init(args: Args, ctx: ActorContext<Msg>): State | Promise<State>;
  receive(
    state: State,
    message: Msg,
    ctx: ActorContext<Msg>,
  ): ReceiveResult<State> | Promise<ReceiveResult<State>>;
  terminate?(state: State, reason: StopReason, ctx: ActorContext<Msg>): void;
}

export interface ActorDefinition<Msg, State, Args> extends ActorLogic<Msg, State, Args> {
  /** `import.meta.url` of the module that exports this behaviour. */
  readonly module: string;
  /** The name under which the module exports it. */
  readonly name: string;
  /** Defaults for every actor of this kind; spawn options override them. */
  readonly mailbox?: MailboxOptions;
  readonly supervision?: Partial<SupervisionSpec>;
  readonly restart?: RestartType;
  /** In a system with a data directory, actors are durable unless their kind says `false`. */
  readonly persistent?: boolean;
  /** The version of the state this code writes (default 1). */
  readonly version?: number;
  /** Upgrade a stored state written by an older `version`. */
  readonly migrate?: (state: unknown, fromVersion: number) => State;
  /** Budget of one turn of this kind (default: the system's `turnTimeoutMs`). */
  readonly turnTimeoutMs?: number;
  /** Cap on this kind's encoded state (default: the system's `maxStateBytes`, none by default). */
  readonly maxStateBytes?: number;
  /**
   * This kind never changes its state in place — it returns a new object to change it — so a
   * durable turn that returns the very same state object, sends nothing and handled no
   * stored mail is a read: it commits nothing, and its reply waits only for the actor's
   * earlier commits. Default `false`: every durable turn commits its state.
   */
  readonly immutableState?: boolean;
  /** Flood control on the way out: more tells than this and `ctx.tell` throws `RateLimitedError`. */
  readonly sendRate?: { readonly perSecond: number; readonly burst?: number };
}

/** A defined actor kind. The phantom fields carry its types to `spawn` and to refs. */
export interface ActorBehaviour<Msg, State = unknown, Args = unknown>
  extends ActorDefinition<Msg, State, Args> {
  readonly [behaviourTag]: true;
  readonly __types?: { msg: Msg; state: State; args: Args };
}

const behaviourTag: unique symbol = Symbol.for('troupe.behaviour');

/** The serializable identity of a kind: enough for any thread to import it. */
export interface ActorKindRef {
  readonly module: string;
  readonly name: string;
}

/**
 * Define an actor kind. Export the result under `name` from the module at `module`:
 *
 * ```ts
 * export const Counter = defineActor<CounterMsg, number, { start: number }>({
 *   module: import.meta.url,
 *   name: 'Counter',
 *   init: ({ start }) => start,
 *   receive: (count, msg, ctx) => (msg.type === 'get' ? reply(count, count) : count + msg.by),
 * });
 * ```
 */
export function defineActor<Msg, State, Args = void>(
  definition: ActorDefinition<Msg, State, Args>,
): ActorBehaviour<Msg, State, Args> {
  if (typeof definition !== 'object' || definition === null) {
    throw new InvalidArgumentError('definition', 'must be an object');
  }
  if (typeof definition.module !== 'string' || !definition.module.startsWith('file:')) {
    throw new InvalidArgumentError(
      'definition.module',
      'must be the file: URL of the module (import.meta.url)',
    );
  }
  if (typeof definition.name !== 'string' || definition.name.length === 0) {
    throw new InvalidArgumentError('definition.name', 'must be the non-empty export name of the behaviour');
  }
  if (typeof definition.init !== 'function') {
    throw new InvalidArgumentError('definition.init', 'must be a function');
  }
  if (typeof definition.receive !== 'function') {
    throw new InvalidArgumentError('definition.receive', 'must be a function');
  }
  if (definition.terminate !== undefined && typeof definition.terminate !== 'function') {
    throw new InvalidArgumentError('definition.terminate', 'must be a function when given');
  }
  if (definition.version !== undefined && (!Number.isInteger(definition.version) || definition.version < 1)) {
    throw new InvalidArgumentError('definition.version', 'must be an integer >= 1');
  }
  if (definition.migrate !== undefined && typeof definition.migrate !== 'function') {
    throw new InvalidArgumentError('definition.migrate', 'must be a function when given');
  }
  return Object.freeze({ ...definition, [behaviourTag]: true as const });
}

export function isBehaviour(value: unknown): value is ActorBehaviour<unknown, unknown, unknown> {
  return typeof value === 'object' && value !== null && behaviourTag in value;
}

export function kindOf(behaviour: ActorBehaviour<unknown, unknown, unknown>): ActorKindRef {
  return { module: behaviour.module, name: behaviour.name };
}
