/**
 * `CallListeners`: one main-thread receiver for the progress and log messages of every call
 * the embedding handle has in flight, handed to each call as its `events` ref and
 * dispatching by `callId` (every `GatewayCallEvent` names its call). One receiver for all
 * calls, rather than one per call, keeps a call from paying for a receiver's creation, its
 * ref on the wire and its deferred close.
 *
 * A call's listeners are removed when it ends; anything still on its way for it is dropped
 * (not a dead letter: the receiver is there).
 */
import type { ActorRef, ActorSystem, Receiver } from '../../../src/kernel/index.js';
import type { GatewayCallEvent } from '../call-events.js';
import type { GatewayCallOptions } from './gateway-options.js';

type Listeners = Pick<GatewayCallOptions, 'onProgress' | 'onLog'>;

export class CallListeners {
  readonly #system: ActorSystem;
  readonly #calls = new Map<string, Listeners>();
  #receiver: Receiver<GatewayCallEvent> | undefined;

  constructor(system: ActorSystem) {
    this.#system = system;
  }

  /** Listen for `callId`'s events; returns the ref to pass with the call. */
  listen(callId: string, listeners: Listeners): ActorRef<GatewayCallEvent> {
    this.#calls.set(callId, listeners);
    this.#receiver ??= this.#system.receive<GatewayCallEvent>((event) => this.#dispatch(event));
    return this.#receiver.ref;
  }

  /** `callId` ended: its late events are dropped. */
  forget(callId: string): void {
    this.#calls.delete(callId);
  }

  close(): void {
    this.#calls.clear();
    this.#receiver?.close();
    this.#receiver = undefined;
  }

  #dispatch(event: GatewayCallEvent): void {
    const listeners = this.#calls.get(event.callId);
    if (listeners === undefined) return;
    switch (event.type) {
      case 'progress':
        listeners.onProgress?.(event.progress);
        return;
      case 'log':
        listeners.onLog?.(event.message);
        return;
      case 'done':
        return; // Only for calls told, not asked: the handle asks.
    }
  }
}
