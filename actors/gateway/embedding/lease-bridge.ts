/**
 * The lease hook of `lock_argument` tools, reachable from the directory actor: a
 * main-thread receiver that runs the embedding service's `acquireLease(path, agentId)`
 * and tells the directory when the lease is granted (or refused), then runs the release
 * it returned when the directory says the call is over.
 *
 * ```
 *  directory ──acquire{leaseId, path, agentId}──▶ bridge (main thread) ─▶ acquireLease(path, agentId)
 *            ◀──lease-granted / lease-refused──┘                           (may wait for the holder)
 *            ──release{leaseId}──▶ bridge ─▶ release()
 * ```
 *
 * INTEGRATION NOTE: the coordination domain's lock facade (`actors/coordination/locks/`)
 * is being rebuilt. Once it is an actor that takes `LeaseRequest` (or an adapter actor in
 * front of it does), the directory's `options.leases` can be that actor's ref and this
 * bridge goes away — the directory speaks only `LeaseRequest` / `LeaseAnswer`. Until then
 * `startGateway(system, config, { acquireLease })` takes the facade as a function; the
 * lock's waits should be reported to the deadlock detector by the facade, so that a cycle
 * between agents and tools is caught there.
 */
import { type ActorSystem, type Receiver, TroupeError } from '../../../src/kernel/index.js';
import type { LeaseRequest } from '../directory/directory-messages.js';
import { toGatewayFailure } from '../errors.js';

/** Give a lease back. */
export type LeaseRelease = () => void | Promise<void>;

/** How a lease is asked for, besides the path and the holder. */
export interface LeaseAsk {
  /** How long to wait for another holder (the server's `lock_wait_s`); 0: refuse at once. */
  readonly waitMs: number;
  /** The call named no agent: `agentId` is the call's own id. */
  readonly anonymous: boolean;
}

/**
 * Take troupe's lease on `path` for `agentId`; resolves once it is held (it may wait for
 * another holder, up to `ask.waitMs`), rejects with the refusal (`locked`, `deadlock`…).
 */
export type AcquireLease = (
  path: string,
  agentId: string,
  ask: LeaseAsk,
) => LeaseRelease | Promise<LeaseRelease>;

/** A receiver the directory tells `LeaseRequest`s; `close()` releases every lease still held. */
export function createLeaseBridge(system: ActorSystem, acquireLease: AcquireLease): Receiver<LeaseRequest> {
  const held = new Map<string, LeaseRelease>();
  /** Releases that came before their grant (the call was cancelled while it waited). */
  const released = new Set<string>();
  const release = (leaseId: string) => {
    const give = held.get(leaseId);
    held.delete(leaseId);
    if (give)
      void Promise.resolve()
        .then(give)
        .catch(() => {});
  };
  const receiver = system.receive<LeaseRequest>((request) => {
    switch (request.type) {
      case 'acquire': {
        const { leaseId, path, agentId, replyTo, waitMs, anonymous } = request;
        Promise.resolve()
          .then(() => acquireLease(path, agentId, { waitMs, anonymous }))
          .then(
            (give) => {
              held.set(leaseId, give);
              if (released.delete(leaseId) || !system.isRunning) return release(leaseId);
              replyTo.tell({ type: 'lease-granted', leaseId });
            },
            (error: unknown) => {
              if (released.delete(leaseId) || !system.isRunning) return;
              const refusal =
                error instanceof TroupeError
                  ? error
                  : new TroupeError('locked', `the lease on "${path}" was refused: ${describe(error)}`, {
                      cause: error,
                    });
              replyTo.tell({ type: 'lease-refused', leaseId, error: toGatewayFailure(refusal) });
            },
          );
        return;
      }
      case 'release':
        if (held.has(request.leaseId)) release(request.leaseId);
        else released.add(request.leaseId);
        return;
    }
  });
  return {
    ref: receiver.ref,
    close: () => {
      receiver.close();
      for (const leaseId of [...held.keys()]) release(leaseId);
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
