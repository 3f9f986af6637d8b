/**
 * comlink over Node MessagePorts, typed. comlink's node adapter ships no declarations
 * that `nodenext` resolves, so the two entry points are imported here once.
 */
import type { MessagePort, TransferListItem } from 'node:worker_threads';
import type * as ComlinkTypes from 'comlink';
// @ts-expect-error -- the ESM build has no declarations of its own; types come from the UMD ones below.
import * as comlinkModule from 'comlink/dist/esm/comlink.mjs';
// @ts-expect-error -- see above.
import nodeEndpointModule from 'comlink/dist/esm/node-adapter.mjs';

const Comlink = comlinkModule as typeof ComlinkTypes;
const nodeEndpoint = nodeEndpointModule as (port: MessagePort) => ComlinkTypes.Endpoint;

export type Remote<T> = ComlinkTypes.Remote<T>;

/** Serve `api` on `port` (worker side). */
export function exposeControl(api: object, port: MessagePort): void {
  Comlink.expose(api, nodeEndpoint(port));
}

/** Call the api served on `port` (main side). */
export function wrapControl<T>(port: MessagePort): Remote<T> {
  return Comlink.wrap<T>(nodeEndpoint(port));
}

/** Mark a value (a MessagePort) to be transferred, not cloned, by a control call. */
export function transferred<T>(value: T, transferables: TransferListItem[]): T {
  return Comlink.transfer(value, transferables as unknown as Parameters<typeof Comlink.transfer>[1]);
}

export function releaseControl(remote: Remote<unknown>): void {
  (remote as unknown as Record<symbol, () => void>)[Comlink.releaseProxy]?.();
}
