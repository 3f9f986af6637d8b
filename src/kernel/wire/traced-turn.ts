/**
 * Trace context across threads, as opaque data: the kernel knows no tracing library. A layer
 * above installs a `TraceHook` on the system (`system.traceWith`); while it is installed, a
 * tell or ask sent from the main thread carries the hook's current W3C `traceparent` (none
 * when no trace is active, so an untraced message costs nothing), the actor reads it as
 * `ctx.traceparent`, and each turn that handled such a message is reported back as a
 * `TracedTurn` — for the layer above to record as a child span of the request that caused it.
 *
 * A traced turn carries the same `traceparent` on: each tell and ask it sends (to an actor of
 * its own thread or of another) carries it, so the turns those cause are reported too, under
 * the same request. Tells to durable actors carry it on
 * the notification, not in the stored inbox (mail read back from the store is untraced), and
 * timers never do. An untraced turn sends exactly what it sent before: no field, no envelope.
 */

/** A turn that handled a message carrying a `traceparent`. Times are epoch ms by the main thread's clock, comparable across threads. */
export interface TracedTurn {
  readonly traceparent: string;
  readonly actorId: string;
  /** The actor's kind (`defineActor`'s name). */
  readonly kind: string;
  readonly thread: number;
  /** Whether it handled an ask (a reply was expected). */
  readonly ask: boolean;
  readonly startedAt: number;
  readonly endedAt: number;
  /** The error's name when the turn failed (threw or rejected); null when it succeeded. */
  readonly failed: string | null;
}

export interface TraceHook {
  /** The `traceparent` of the trace active now on the main thread, if any. Called on each tell and ask. */
  current(): string | undefined;
  /** A turn caused by a traced message ended. */
  turnEnded(turn: TracedTurn): void;
}
