/**
 * `tapTransport`: watch the JSON-RPC messages of a session's transport — each message that
 * arrives (a tap may run the rest of its handling inside a context of its own, by when it
 * calls `next`) and each one about to leave — with no request handler knowing of it. Several
 * taps share one transport (metrics and traces each add theirs), in the order they were added.
 * Call before the protocol connects: it sets `onmessage` then.
 *
 * It owns the wrapping; what a tap measures or records is its own.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

export interface TransportTap {
  /** A message arrived: `next()` hands it on (to the next tap, then the protocol). Call it exactly once. */
  received?(message: JSONRPCMessage, next: () => void): void;
  /** A message is about to be sent. */
  sending?(message: JSONRPCMessage): void;
}

const tapsOf = new WeakMap<Transport, TransportTap[]>();

export function tapTransport(transport: Transport, tap: TransportTap): void {
  const existing = tapsOf.get(transport);
  if (existing) {
    existing.push(tap);
    return;
  }
  const taps = [tap];
  tapsOf.set(transport, taps);
  let inner: Transport['onmessage'];
  const received: Transport['onmessage'] = (message, extra) => {
    let index = 0;
    const next = (): void => {
      const current = taps[index++];
      if (current === undefined) inner?.(message, extra);
      else if (current.received) current.received(message, next);
      else next();
    };
    next();
  };
  // The protocol sets `onmessage` when it connects; the transport calls what we put in front.
  Object.defineProperty(transport, 'onmessage', {
    configurable: true,
    get: () => (inner === undefined ? undefined : received),
    set: (handler: Transport['onmessage']) => {
      inner = handler;
    },
  });
  const send = transport.send.bind(transport);
  transport.send = (message: JSONRPCMessage, options) => {
    for (const each of taps) each.sending?.(message);
    return send(message, options);
  };
}
