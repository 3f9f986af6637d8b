/**
 * `StoredStates`: what a one-off migration needs of the kernel — an old actor's raw stored
 * record read without its code (`system.readStored(id)`), and its removal once its records
 * live in their new actors (`system.removeStored(id)`). Every area's migration takes it; an
 * `ActorSystem` is one, and tests hand in a store the previous version wrote.
 */

/** An old actor's stored record, as `system.readStored(id)` gives it. */
export interface StoredActor {
  readonly kind: { readonly module: string; readonly name: string };
  readonly state: unknown;
  readonly version: number;
}

export interface StoredStates {
  readStored(id: string): StoredActor | undefined | Promise<StoredActor | undefined>;
  removeStored(id: string): boolean | Promise<boolean>;
}
